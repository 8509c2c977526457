//! An independent check of the transcription in `spec/` against the source documents.
//!
//! The expectations below were written by reading the documents in `shared/seeds/`, not the YAML:
//!
//! - `002` (ApsaraDB for Redis API Reference, 2019-10-30), chapters 7 to 13: 31 R-kvstore operations;
//! - `000` (current) and `001` (older) for `ModifyInstanceSpec`; `000` wins;
//! - `004` (current) for `TransformToPrePaid`; `002` §7.3 is older;
//! - `003` for the ECS operation `ModifyPrepayInstanceSpec`.
//!
//! Conventions of the spec followed here:
//!
//! - common parameters (`Action`, `AccessKeyId`, ...) are not operation parameters;
//! - a String with a documented closed set of values is `enum`; in the tables below, `"string"`
//!   means "a String without a documented value set", and accepts `string` or `enum`;
//! - alternatives are written `a|b`;
//! - nested names such as `SystemDisk.Category` are members of an `object` parameter;
//! - names misspelt in 002's tables use the service's real spelling (from the request examples and
//!   the official SDK): `PagSize` → `PageSize`, `StrarTime` → `StartTime` (10.3 DescribeBackups),
//!   `IntervalForHistor` → `IntervalForHistory` (11.2 DescribeHistoryMonitorValues),
//!   `PrivateIp` → `PrivateIpAddress` (7.1 CreateInstance); 8.10's `EffectTime` is kept, as both the
//!   table and the example use it and the SDKs of the time sent it (today's SDK says
//!   `EffectiveTime`, which no document here describes);
//! - Long stays `long`, Integer `integer`.
//!
//! Every mismatch is collected and reported in one panic, so one run shows everything.

use std::collections::BTreeSet;
use std::path::Path;

use alicloud_codegen::spec::{self, Field, NamedKind, Product, Spec, Type};

/// `(name, type, required)`; `name` may be dotted (`SystemDisk.Category`).
type Param = (&'static str, &'static str, bool);

/// `(operation, parameters)`.
type Operation = (&'static str, &'static [Param]);

/// R-kvstore (`spec/r-kvstore/`): 002 chapters 7 to 13, with 000 for ModifyInstanceSpec and 004 for
/// TransformToPrePaid.
#[rustfmt::skip]
const R_KVSTORE: &[Operation] = &[
    // 7.1 CreateInstance (Table 7-1; the table's PrivateIp is sent as PrivateIpAddress, per both
    // the 2019-era and the current official SDKs)
    ("CreateInstance", &[("InstanceName", "string", false), ("Password", "string", false), ("InstanceClass", "string", true), ("RegionId", "string", true), ("ZoneId", "string", false), ("ChargeType", "enum", false), ("Period", "long", false), ("Token", "string", false), ("NetworkType", "enum", false), ("VpcId", "string", false), ("VSwitchId", "string", false), ("PrivateIpAddress", "string", false), ("SrcDBInstanceId", "string", false), ("BackupId", "string", false), ("InstanceType", "enum", false), ("EngineVersion", "enum", false)]),
    // 000 ModifyInstanceSpec (current; 001 older, 002 §7.2 same as 000)
    ("ModifyInstanceSpec", &[("InstanceId", "string", true), ("RegionId", "string", false), ("InstanceClass", "string", false), ("BusinessInfo", "string", false), ("CouponNo", "string", false), ("ForceUpgrade", "boolean", false), ("AutoPay", "boolean", false), ("EffectiveTime", "enum", false)]),
    // 004 TransformToPrePaid (current; 002 §7.3 older)
    ("TransformToPrePaid", &[("InstanceId", "string", true), ("Period", "integer", true), ("AutoPay", "boolean", false), ("AutoRenew", "enum", false), ("AutoRenewPeriod", "integer", false), ("CouponNo", "string", false)]),
    // 7.4 DeleteInstance (Table 7-3)
    ("DeleteInstance", &[("InstanceId", "string", true)]),
    // 8.1 DescribeDBInstanceNetInfo (Table 8-1)
    ("DescribeDBInstanceNetInfo", &[("InstanceId", "string", true)]),
    // 8.2 DescribeInstanceAttribute
    ("DescribeInstanceAttribute", &[("InstanceId", "string", true)]),
    // 8.3 DescribeInstances (Table 8-4)
    ("DescribeInstances", &[("InstanceIds", "string", false), ("InstanceStatus", "enum", false), ("ChargeType", "enum", false), ("RegionId", "string", true), ("InstanceType", "enum", false), ("PageNumber", "integer", false), ("PageSize", "integer", false), ("NetworkType", "enum", false)]),
    // 8.4 FlushInstance (Table 8-6)
    ("FlushInstance", &[("InstanceId", "string", true)]),
    // 8.5 ModifyInstanceAttribute (Table 8-8)
    ("ModifyInstanceAttribute", &[("InstanceId", "string", true), ("InstanceName", "string", false), ("NewPassword", "string", false)]),
    // 8.6 ModifyInstanceMaintainTime
    ("ModifyInstanceMaintainTime", &[("InstanceId", "string", true), ("MaintainStartTime", "string", true), ("MaintainEndTime", "string", true)]),
    // 8.7 ModifyInstanceNetExpireTime (Table 8-10; the example misspells ConectionString)
    ("ModifyInstanceNetExpireTime", &[("InstanceId", "string", true), ("ConnectionString", "string", true), ("ClassicExpiredDays", "enum", true)]),
    // 8.8 ModifyDBInstanceConnectionString
    ("ModifyDBInstanceConnectionString", &[("DBInstanceId", "string", true), ("CurrentConnectionString", "string", true), ("NewConnectionString", "string", true), ("IPType", "enum", false), ("Port", "string", false)]),
    // 8.9 SwitchNetwork
    ("SwitchNetwork", &[("InstanceId", "string", true), ("ClassicExpiredDays", "enum", false), ("RetainClassic", "enum", false), ("TargetNetworkType", "string", false), ("VSwitchId", "string", false), ("VpcId", "string", false)]),
    // 8.10 ModifyInstanceMajorVersion (table and example both spell EffectTime; the 2019-era
    // Java SDK sent EffectTime too, so it is the name of the time, not a typo)
    ("ModifyInstanceMajorVersion", &[("InstanceId", "string", true), ("MajorVersion", "string", true), ("EffectTime", "enum", false)]),
    // 9.1 DescribeAccounts
    ("DescribeAccounts", &[("InstanceId", "string", true), ("AccountName", "string", false)]),
    // 9.2 ModifyAccountDescription
    ("ModifyAccountDescription", &[("AccountDescription", "string", true), ("AccountName", "string", true), ("InstanceId", "string", true)]),
    // 9.3 ResetAccountPassword
    ("ResetAccountPassword", &[("AccountName", "string", true), ("AccountPassword", "string", true), ("InstanceId", "string", true)]),
    // 9.4 CreateAccount
    ("CreateAccount", &[("AccountName", "string", true), ("AccountPassword", "string", true), ("InstanceId", "string", true), ("AccountPrivilege", "enum", false), ("AccountDescription", "string", false), ("AccountType", "string", false)]),
    // 9.5 DeleteAccount
    ("DeleteAccount", &[("AccountName", "string", true), ("InstanceId", "string", true)]),
    // 9.6 GrantAccountPrivilege
    ("GrantAccountPrivilege", &[("AccountName", "string", true), ("AccountPrivilege", "enum", true), ("InstanceId", "string", true)]),
    // 10.1 ModifyBackupPolicy (PreferredBackupPeriod: weekday names, but one value holds several
    // of them joined by commas, as 10.2's sample shows; so text with values, or a list of enum)
    ("ModifyBackupPolicy", &[("InstanceId", "string", true), ("PreferredBackupTime", "string", true), ("PreferredBackupPeriod", "string|list<enum>", true)]),
    // 10.2 DescribeBackupPolicy (Table 10-2)
    ("DescribeBackupPolicy", &[("InstanceId", "string", true)]),
    // 10.3 DescribeBackups (Table 10-4; PagSize and StrarTime are misspellings). PageSize keeps the
    // documented String type with its values 30/50/100 (the sample request sends 10, outside the set).
    ("DescribeBackups", &[("InstanceId", "string", true), ("BackupId", "string", false), ("PageSize", "string", true), ("PageNumber", "string", true), ("StartTime", "string", true), ("EndTime", "string", true)]),
    // 10.4 RestoreInstance (Table 10-7)
    ("RestoreInstance", &[("InstanceId", "string", true), ("BackupId", "string", true)]),
    // 11.1 DescribeMonitorItems (Table 11-1: only common parameters)
    ("DescribeMonitorItems", &[]),
    // 11.2 DescribeHistoryMonitorValues (Table 11-3; IntervalForHistor is a misspelling)
    ("DescribeHistoryMonitorValues", &[("InstanceId", "string", true), ("StartTime", "string", true), ("EndTime", "string", true), ("IntervalForHistory", "enum", true), ("MonitorKeys", "string", false)]),
    // 12.1 ModifySecurityIps (Table 12-1)
    ("ModifySecurityIps", &[("InstanceId", "string", true), ("SecurityIps", "string", true), ("SecurityIpGroupName", "string", true)]),
    // 12.2 ModifyInstanceSSL
    ("ModifyInstanceSSL", &[("InstanceId", "string", true), ("SSLEnabled", "enum", true)]),
    // 12.3 ModifyInstanceVpcAuthMode
    ("ModifyInstanceVpcAuthMode", &[("InstanceId", "string", true), ("VpcAuthMode", "enum", true)]),
    // 13.1 ModifyInstanceConfig (Table 13-1; Config is a JSON string, see 14.3)
    ("ModifyInstanceConfig", &[("InstanceId", "string", true), ("Config", "json<InstanceConfig>|json|string", true)]),
    // 13.2 DescribeInstanceConfig (Table 13-3)
    ("DescribeInstanceConfig", &[("InstanceId", "string", true)]),
];

/// ECS (`spec/ecs/`): 003.
#[rustfmt::skip]
const ECS: &[Operation] = &[
    // 003 ModifyPrepayInstanceSpec
    ("ModifyPrepayInstanceSpec", &[("InstanceId", "string", true), ("InstanceType", "string", true), ("RegionId", "string", true), ("OperatorType", "enum", false), ("ClientToken", "string", false), ("AutoPay", "boolean", false), ("MigrateAcrossZone", "boolean", false), ("SystemDisk", "object", false), ("SystemDisk.Category", "enum", false), ("RebootTime", "string", false), ("EndTime", "string", false), ("RebootWhenFinished", "boolean", false)]),
];

/// `(product, operation, response field (dotted for members), type, wrapper)`; a wrapper of
/// `Some("A|B")` accepts either name.
type Response = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

#[rustfmt::skip]
const RESPONSES: &[Response] = &[
    // 8.3: the PDF's example shows "Instance"; the service (and official SDK) nest KVStoreInstance.
    ("r-kvstore", "DescribeInstances", "Instances", "list<object>", Some("KVStoreInstance")),
    ("r-kvstore", "DescribeInstances", "TotalCount", "integer", None),
    ("r-kvstore", "DescribeInstances", "PageNumber", "integer", None),
    ("r-kvstore", "DescribeInstances", "PageSize", "integer", None),
    ("r-kvstore", "DescribeInstanceAttribute", "Instances", "list<object>", Some("DBInstanceAttribute")),
    ("r-kvstore", "DescribeDBInstanceNetInfo", "NetInfoItems", "list<object>", Some("InstanceNetInfo")),
    ("r-kvstore", "DescribeAccounts", "Accounts", "list<object>", Some("Account")),
    ("r-kvstore", "DescribeAccounts", "Accounts.DatabasePrivileges", "list<object>", Some("DatabasePrivilege")),
    ("r-kvstore", "DescribeAccounts", "Accounts.AccountName", "string", None),
    ("r-kvstore", "DescribeBackups", "Backups", "list<object>", Some("Backup")),
    ("r-kvstore", "DescribeBackups", "Backups.BackupId", "string", None),
    ("r-kvstore", "DescribeBackups", "PageNumber", "integer", None),
    ("r-kvstore", "DescribeBackups", "TotalCount", "integer", None),
    // 11.1: the PDF's example shows "MonitorItem"; the official SDK reads KVStoreMonitorItem.
    ("r-kvstore", "DescribeMonitorItems", "MonitorItems", "list<object>", Some("MonitorItem|KVStoreMonitorItem")),
    ("r-kvstore", "ModifyInstanceSpec", "OrderId", "string", None),
    ("r-kvstore", "TransformToPrePaid", "EndTime", "string", None),
    ("r-kvstore", "TransformToPrePaid", "OrderId", "string", None),
    ("r-kvstore", "CreateInstance", "InstanceId", "string", None),
    ("r-kvstore", "CreateAccount", "AccountName", "string", None),
    ("r-kvstore", "ModifyInstanceSSL", "TaskId", "string", None),
    ("r-kvstore", "DescribeBackupPolicy", "PreferredBackupTime", "string", None),
    ("r-kvstore", "DescribeInstanceConfig", "Config", "json<InstanceConfig>|json|string", None),
    ("r-kvstore", "DescribeHistoryMonitorValues", "MonitorHistory", "json|string", None),
    ("ecs", "ModifyPrepayInstanceSpec", "OrderId", "string", None),
];

/// `(product, operation, parameter, older document, key of `was`, value)`: facts the older
/// document had that the current one changed, which the spec keeps in `history`.
type Past = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const HISTORY: &[Past] = &[
    // 001 (older) against 000 for ModifyInstanceSpec.
    ("r-kvstore", "ModifyInstanceSpec", "InstanceClass", "001", "required", "true"),
    ("r-kvstore", "ModifyInstanceSpec", "AutoPay", "001", "default", "true"),
    ("r-kvstore", "ModifyInstanceSpec", "RegionId", "001", "absent", "true"),
    // 002 §7.3 (older) against 004 for TransformToPrePaid.
    ("r-kvstore", "TransformToPrePaid", "Period", "002", "type", "long"),
    ("r-kvstore", "TransformToPrePaid", "AutoPay", "002", "default", "true"),
    ("r-kvstore", "TransformToPrePaid", "AutoRenew", "002", "absent", "true"),
    ("r-kvstore", "TransformToPrePaid", "AutoRenewPeriod", "002", "absent", "true"),
    ("r-kvstore", "TransformToPrePaid", "CouponNo", "002", "absent", "true"),
];

fn spec_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"))
}

fn load() -> Spec {
    match spec::load_dir(spec_dir()) {
        Ok(spec) => spec,
        Err(e) => panic!("spec/ does not load:\n{e}"),
    }
}

/// The keyword of `ty` with named types resolved to their kind (`enum`, `object`).
fn keyword(ty: &Type, product: &Product) -> String {
    match ty {
        Type::Named(name) => match product.named_type(name).map(|t| &t.kind) {
            Some(NamedKind::Enum(_)) => "enum".into(),
            Some(NamedKind::Object(_)) => "object".into(),
            None => format!("<unknown named type {name}>"),
        },
        Type::List(inner) => format!("list<{}>", keyword(inner, product)),
        Type::Map(inner) => format!("map<{}>", keyword(inner, product)),
        other => other.keyword(),
    }
}

/// The members of `ty` (or of its element type), named object types included.
fn members<'a>(ty: &'a Type, product: &'a Product) -> Option<&'a [Field]> {
    match ty {
        Type::Named(name) => match product.named_type(name).map(|t| &t.kind) {
            Some(NamedKind::Object(m)) => Some(m),
            _ => None,
        },
        Type::List(inner) | Type::Map(inner) => members(inner, product),
        other => other.members(),
    }
}

/// Does `actual` match one of the `|`-separated alternatives of `expected`?
/// `string` accepts `string` or `enum` (a String whose value set the document does not close).
fn type_matches(actual: &str, expected: &str) -> bool {
    expected.split('|').any(|alt| {
        actual == alt
            || (alt == "string" && actual == "enum")
            || (alt == "list<string>" && actual == "list<enum>")
    })
}

/// Finds the field at a dotted `path` among `fields`.
fn find<'a>(fields: &'a [Field], path: &str, product: &'a Product) -> Result<&'a Field, String> {
    let mut parts = path.split('.');
    let first = parts.next().unwrap_or_default();
    let mut field = fields
        .iter()
        .find(|f| f.name == first)
        .ok_or_else(|| format!("`{first}` is missing"))?;
    let mut walked = first.to_string();
    for part in parts {
        let inner = members(&field.ty, product).ok_or_else(|| {
            format!(
                "`{walked}` has type `{}`, which has no members (wanted `{part}`)",
                keyword(&field.ty, product)
            )
        })?;
        field = inner
            .iter()
            .find(|f| f.name == part)
            .ok_or_else(|| format!("`{walked}` has no member `{part}`"))?;
        walked = format!("{walked}.{part}");
    }
    Ok(field)
}

fn check_operations(spec: &Spec, folder: &str, expected: &[Operation], problems: &mut Vec<String>) {
    let Some(product) = spec.product(folder) else {
        problems.push(format!("product `{folder}` is missing"));
        return;
    };
    for (op_name, params) in expected {
        // A missing operation is reported by `check_operation_set`.
        let Some(op) = product.operation(op_name) else {
            continue;
        };
        let at = format!("{folder}/{op_name} ({})", op.loc.file);
        for (path, ty, required) in params.iter() {
            let field = match find(&op.parameters, path, product) {
                Ok(f) => f,
                Err(why) => {
                    problems.push(format!("{at}: parameter {why}"));
                    continue;
                }
            };
            let actual = keyword(&field.ty, product);
            if !type_matches(&actual, ty) {
                problems.push(format!(
                    "{at}: parameter `{path}` has type `{actual}`, the document says `{ty}`"
                ));
            }
            if field.required != *required {
                problems.push(format!(
                    "{at}: parameter `{path}` has required: {}, the document says {required}",
                    field.required
                ));
            }
        }
        // Nothing beyond the documented parameters (top level and members of documented objects).
        let documented: BTreeSet<&str> = params.iter().map(|p| p.0).collect();
        let mut stack: Vec<(String, &[Field])> = vec![(String::new(), &op.parameters)];
        while let Some((prefix, fields)) = stack.pop() {
            for f in fields {
                let path = format!("{prefix}{}", f.name);
                if !documented.contains(path.as_str()) {
                    problems.push(format!(
                        "{at}: parameter `{path}` ({}) is not in the document",
                        keyword(&f.ty, product)
                    ));
                } else if let Some(m) = members(&f.ty, product) {
                    stack.push((format!("{path}."), m));
                }
            }
        }
        if op.response_field("RequestId").is_none() {
            problems.push(format!("{at}: response field `RequestId` is missing"));
        }
    }
}

fn check_operation_set(spec: &Spec, problems: &mut Vec<String>) {
    let expected: BTreeSet<(&str, &str)> = R_KVSTORE
        .iter()
        .map(|o| ("r-kvstore", o.0))
        .chain(ECS.iter().map(|o| ("ecs", o.0)))
        .collect();
    let actual: BTreeSet<(&str, &str)> = spec
        .products
        .iter()
        .flat_map(|p| {
            p.operations
                .iter()
                .map(move |o| (p.folder.as_str(), o.name.as_str()))
        })
        .collect();
    for (folder, name) in actual.difference(&expected) {
        problems.push(format!(
            "{folder}: operation `{name}` is not in the documents (or in the wrong product)"
        ));
    }
    for (folder, name) in expected.difference(&actual) {
        problems.push(format!(
            "{folder}: documented operation `{name}` is missing"
        ));
    }
    if expected.len() != 32 {
        problems.push(format!(
            "the test's own tables list {} operations, not 32",
            expected.len()
        ));
    }
}

fn check_responses(spec: &Spec, problems: &mut Vec<String>) {
    for (folder, op_name, path, ty, wrapper) in RESPONSES {
        let Some(product) = spec.product(folder) else {
            continue;
        };
        let Some(op) = product.operation(op_name) else {
            continue;
        };
        let at = format!("{folder}/{op_name} ({})", op.loc.file);
        let field = match find(&op.response, path, product) {
            Ok(f) => f,
            Err(why) => {
                problems.push(format!("{at}: response field {why}"));
                continue;
            }
        };
        let actual = keyword(&field.ty, product);
        if !type_matches(&actual, ty) {
            problems.push(format!(
                "{at}: response field `{path}` has type `{actual}`, expected `{ty}`"
            ));
        }
        let ok = match (wrapper, field.wrapper.as_deref()) {
            (None, None) => true,
            (Some(want), Some(got)) => want.split('|').any(|w| w == got),
            _ => false,
        };
        if !ok {
            problems.push(format!(
                "{at}: response field `{path}` has wrapper {:?}, expected {:?}",
                field.wrapper, wrapper
            ));
        }
    }
}

fn check_history(spec: &Spec, problems: &mut Vec<String>) {
    for (folder, op_name, param, doc, key, value) in HISTORY {
        let Some(op) = spec.product(folder).and_then(|p| p.operation(op_name)) else {
            continue;
        };
        let Some(field) = op.parameter(param) else {
            continue;
        };
        let kept = field.history.iter().any(|h| {
            h.source.doc == *doc
                && h.was
                    .iter()
                    .any(|(k, v)| k == key && v.to_string() == *value)
        });
        if !kept {
            problems.push(format!(
                "{folder}/{op_name} ({}): parameter `{param}` has no history from {doc} with `{key}: {value}`",
                op.loc.file
            ));
        }
    }
}

#[test]
fn spec_covers_the_documents() {
    let spec = load();
    let mut problems = Vec::new();
    check_operation_set(&spec, &mut problems);
    check_operations(&spec, "r-kvstore", R_KVSTORE, &mut problems);
    check_operations(&spec, "ecs", ECS, &mut problems);
    check_responses(&spec, &mut problems);
    check_history(&spec, &mut problems);
    if !problems.is_empty() {
        panic!(
            "{} mismatch(es) between spec/ and the documents:\n  - {}",
            problems.len(),
            problems.join("\n  - ")
        );
    }
}
