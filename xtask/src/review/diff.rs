//! Walks two validated specs side by side and lists every difference, each classified by what it
//! does to users of the generated crate (the rules are in the [module docs](super)).
//!
//! Items are matched by their wire names (products by folder, operations by Action, fields by
//! name, errors by code, enum values by value); Rust names are read from the IR of each side,
//! never derived here, so that the report names exactly what the generated crate has.

use std::collections::{BTreeMap, BTreeSet};

use alicloud_codegen::ir::{self, FieldIr, TypeIr};
use alicloud_codegen::spec::{
    self, EnumValue, ErrorCode, Examples, Field, Limits, NamedKind, Raw, Source, Spec, Type,
};

use super::{Change, Class};

/// Every difference between `base` and `head`, grouped by product (product-level changes first,
/// then operations by name) and, inside a group, breaking first, then compatible, then docs only,
/// each in spec order.
pub fn compare(base: &Spec, head: &Spec) -> Vec<Change> {
    let base_ir = ir::build(base);
    let head_ir = ir::build(head);
    let base_products: BTreeMap<&str, (&spec::Product, &ir::Product)> = base
        .products
        .iter()
        .zip(&base_ir.products)
        .map(|(s, i)| (s.folder.as_str(), (s, i)))
        .collect();
    let head_products: BTreeMap<&str, (&spec::Product, &ir::Product)> = head
        .products
        .iter()
        .zip(&head_ir.products)
        .map(|(s, i)| (s.folder.as_str(), (s, i)))
        .collect();
    let folders: BTreeSet<&str> = base_products
        .keys()
        .chain(head_products.keys())
        .copied()
        .collect();

    let mut d = Differ::default();
    for folder in folders {
        match (base_products.get(folder), head_products.get(folder)) {
            (Some(&(_, bi)), None) => {
                d.at(&bi.module, None);
                d.push(
                    Class::Breaking,
                    "product_removed",
                    format!("{folder}/{}", bi.version),
                    bi.module.clone(),
                    format!(
                        "the module `{}` and its cargo feature `{}` are gone",
                        bi.module, bi.feature
                    ),
                    Some(bi.version.clone()),
                    None,
                );
            }
            (None, Some(&(_, hi))) => {
                d.at(&hi.module, None);
                d.push(
                    Class::Compatible,
                    "product_added",
                    format!("{folder}/{}", hi.version),
                    hi.module.clone(),
                    format!(
                        "new module `{}` behind the new cargo feature `{}`",
                        hi.module, hi.feature
                    ),
                    None,
                    Some(hi.version.clone()),
                );
            }
            (Some(&(bs, bi)), Some(&(hs, hi))) => d.product(bs, bi, hs, hi),
            (None, None) => {}
        }
    }
    let mut changes = d.changes;
    // Stable: equal keys keep the order the walk produced, which follows the spec.
    fn key(c: &Change) -> (&str, bool, Option<&str>, u8) {
        (
            &c.product,
            c.operation.is_some(),
            c.operation.as_deref(),
            c.class.rank(),
        )
    }
    changes.sort_by(|a, b| key(a).cmp(&key(b)));
    changes
}

/// Where a list of fields sits: decides the change kinds, the Rust items and the classes.
struct Scope<'a> {
    place: Place,
    /// The fields are sent in requests, so `required`, `default`, limits and allowed values bind
    /// the caller.
    request: bool,
    /// Top-level operation parameters: the Rust item is a builder setter, not a public field.
    setter: bool,
    /// Members of an inline object (or of a list or map of them).
    nested: bool,
    /// Members of a structure that is only ever sent: public fields stored as the request form
    /// (a sensitive member is a `Secret` there).
    request_only: bool,
    /// The spec path of the enclosing item, e.g. `parameters` or `response.Things`.
    spec: String,
    /// The Rust type owning the fields on each side (builder, output or structure).
    base_owner: &'a str,
    head_owner: &'a str,
    /// The enclosing item's source on each side: a field's source equal to it is inherited.
    base_source: &'a Source,
    head_source: &'a Source,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Parameter,
    Response,
    Member,
}

impl Place {
    fn kind(self, verb: &str) -> String {
        let noun = match self {
            Place::Parameter => "parameter",
            Place::Response => "response_field",
            Place::Member => "member",
        };
        format!("{noun}_{verb}")
    }
}

/// One side of a field: the spec's facts and the IR's Rust names and types.
type Fv<'a> = (&'a Field, &'a FieldIr);

/// The IR products of both sides, for looking up structures and enums by Rust name.
struct Irs<'a> {
    base: &'a ir::Product,
    head: &'a ir::Product,
}

#[derive(Default)]
struct Differ {
    changes: Vec<Change>,
    module: String,
    operation: Option<String>,
}

impl Differ {
    fn at(&mut self, module: &str, operation: Option<&str>) {
        self.module = module.to_string();
        self.operation = operation.map(str::to_string);
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        class: Class,
        kind: impl Into<String>,
        spec: String,
        item: String,
        reason: String,
        before: Option<String>,
        after: Option<String>,
    ) {
        self.changes.push(Change {
            product: self.module.clone(),
            operation: self.operation.clone(),
            class,
            kind: kind.into(),
            spec,
            item,
            reason,
            before,
            after,
        });
    }

    /// One docs-only change listing the documentation attributes that differ, if any.
    fn docs(&mut self, spec: String, item: String, attributes: &[&str]) {
        if attributes.is_empty() {
            return;
        }
        self.push(
            Class::DocsOnly,
            "docs_changed",
            spec,
            item,
            format!("{} changed; the Rust API is unchanged", list(attributes)),
            None,
            None,
        );
    }

    fn item(&self, owner: &str, name: &str) -> String {
        format!("{}::{owner}::{name}", self.module)
    }

    fn product(
        &mut self,
        bs: &spec::Product,
        bi: &ir::Product,
        hs: &spec::Product,
        hi: &ir::Product,
    ) {
        let m = hi.module.clone();
        self.at(&m, None);
        let irs = Irs { base: bi, head: hi };

        if bs.code != hs.code {
            self.push(
                Class::Compatible,
                "product_code_changed",
                "product".into(),
                format!("{m}::PRODUCT"),
                format!(
                    "the client now names the product `{}` instead of `{}` (in logs and `Debug`); code is unchanged",
                    hs.code, bs.code
                ),
                Some(bs.code.clone()),
                Some(hs.code.clone()),
            );
        }
        if bs.api_version != hs.api_version {
            self.push(
                Class::Breaking,
                "api_version_changed",
                "api_version".into(),
                format!("{m}::PRODUCT"),
                format!(
                    "every request now sends Version `{}` instead of `{}`; the service answers each \
                     version by its own rules, so calls that worked may be rejected",
                    hs.api_version, bs.api_version
                ),
                Some(bs.api_version.clone()),
                Some(hs.api_version.clone()),
            );
        }
        let endpoint_diffs = endpoint_differences(&bs.endpoints, &hs.endpoints);
        if !endpoint_diffs.is_empty() {
            self.push(
                Class::Compatible,
                "endpoints_changed",
                "endpoints".into(),
                format!("{m}::ENDPOINTS"),
                format!(
                    "{}; requests for those regions go to another host, code is unchanged",
                    endpoint_diffs.join("; ")
                ),
                None,
                None,
            );
        }
        let mut docs = Vec::new();
        if bs.title != hs.title {
            docs.push("title");
        }
        if bs.description != hs.description {
            docs.push("description");
        }
        if bs.source != hs.source {
            docs.push("source");
        }
        self.docs("service".into(), m.clone(), &docs);

        let type_names: BTreeSet<&str> = bs
            .types
            .iter()
            .chain(&hs.types)
            .map(|t| t.name.as_str())
            .collect();
        for name in type_names {
            match (bs.named_type(name), hs.named_type(name)) {
                (Some(b), Some(h)) => self.named_type(&irs, (b, &bs.source), (h, &hs.source)),
                (Some(b), None) => {
                    let rust = ir::camel(&b.name);
                    self.push(
                        Class::Breaking,
                        "type_removed",
                        format!("types.{name}"),
                        format!("{m}::{rust}"),
                        "the type is gone; code naming it stops compiling".into(),
                        Some(kind_word(&b.kind).into()),
                        None,
                    );
                }
                (None, Some(h)) => {
                    let rust = ir::camel(&h.name);
                    self.push(
                        Class::Compatible,
                        "type_added",
                        format!("types.{name}"),
                        format!("{m}::{rust}"),
                        "new type; nothing existing changes".into(),
                        None,
                        Some(kind_word(&h.kind).into()),
                    );
                }
                (None, None) => {}
            }
        }

        self.errors(
            "errors",
            &bi.common_error_name,
            &hi.common_error_name,
            (&bs.errors, &bi.common_errors, &bs.source),
            (&hs.errors, &hi.common_errors, &hs.source),
        );

        let ops: BTreeSet<&str> = bs
            .operations
            .iter()
            .chain(&hs.operations)
            .map(|o| o.name.as_str())
            .collect();
        for name in ops {
            let b = bs.operation(name).and_then(|s| {
                bi.operations
                    .iter()
                    .find(|o| o.wire == name)
                    .map(|i| (s, i))
            });
            let h = hs.operation(name).and_then(|s| {
                hi.operations
                    .iter()
                    .find(|o| o.wire == name)
                    .map(|i| (s, i))
            });
            self.at(&m, Some(name));
            match (b, h) {
                (Some(b), Some(h)) => self.operation(&irs, b, h),
                (Some((_, bo)), None) => self.push(
                    Class::Breaking,
                    "operation_removed",
                    format!("operations.{name}"),
                    format!("{m}::Client::{}", bo.method_name),
                    format!(
                        "`Client::{}` and the types `{}`, `{}` and `{}` are gone; code calling it \
                         stops compiling",
                        bo.method_name, bo.builder, bo.output, bo.error
                    ),
                    None,
                    None,
                ),
                (None, Some((_, ho))) => self.push(
                    Class::Compatible,
                    "operation_added",
                    format!("operations.{name}"),
                    format!("{m}::Client::{}", ho.method_name),
                    format!(
                        "new method `Client::{}` with the types `{}`, `{}` and `{}`; nothing \
                         existing changes",
                        ho.method_name, ho.builder, ho.output, ho.error
                    ),
                    None,
                    None,
                ),
                (None, None) => {}
            }
        }
        self.at(&m, None);
    }

    fn named_type(
        &mut self,
        irs: &Irs<'_>,
        (b, b_parent): (&spec::NamedType, &Source),
        (h, h_parent): (&spec::NamedType, &Source),
    ) {
        let spec_path = format!("types.{}", h.name);
        let rust = ir::camel(&h.name);
        let item = format!("{}::{rust}", self.module);
        match (&b.kind, &h.kind) {
            (NamedKind::Enum(bv), NamedKind::Enum(hv)) => {
                self.enum_values(irs, &spec_path, &ir::camel(&b.name), &rust, bv, hv);
            }
            (NamedKind::Object(bm), NamedKind::Object(hm)) => {
                let base_owner = ir::camel(&b.name);
                let bfs = struct_fields(irs.base, &base_owner);
                let hfs = struct_fields(irs.head, &rust);
                let scope = Scope {
                    place: Place::Member,
                    // Named structures are both sent and received.
                    request: true,
                    setter: false,
                    nested: true,
                    request_only: false,
                    spec: spec_path.clone(),
                    base_owner: &base_owner,
                    head_owner: &rust,
                    base_source: &b.source,
                    head_source: &h.source,
                };
                self.fields(irs, &scope, &zip(bm, bfs), &zip(hm, hfs));
            }
            (bk, hk) => self.push(
                Class::Breaking,
                "type_kind_changed",
                spec_path.clone(),
                item.clone(),
                format!(
                    "the type is now {} {} instead of {} {}; code using it as before stops compiling",
                    article(kind_word(hk)),
                    kind_word(hk),
                    article(kind_word(bk)),
                    kind_word(bk)
                ),
                Some(kind_word(bk).into()),
                Some(kind_word(hk).into()),
            ),
        }
        let mut docs = Vec::new();
        if b.description != h.description {
            docs.push("description");
        }
        let inherited = b.source == *b_parent && h.source == *h_parent;
        if b.source != h.source && !inherited {
            docs.push("source");
        }
        if b.history != h.history {
            docs.push("history");
        }
        self.docs(spec_path, item, &docs);
    }

    fn operation(
        &mut self,
        irs: &Irs<'_>,
        (bs, bi): (&spec::Operation, &ir::Operation),
        (hs, hi): (&spec::Operation, &ir::Operation),
    ) {
        let m = self.module.clone();
        let item = format!("{m}::Client::{}", hi.method_name);
        // The operation's own keys; its table already names it.
        let op_path = "operation".to_string();
        if bi.method_name != hi.method_name {
            self.push(
                Class::Breaking,
                "client_method_renamed",
                op_path.clone(),
                item.clone(),
                format!(
                    "`Client::{}` is now `Client::{}`; calls to the old name stop compiling",
                    bi.method_name, hi.method_name
                ),
                Some(bi.method_name.clone()),
                Some(hi.method_name.clone()),
            );
        }
        if bs.method != hs.method {
            self.push(
                Class::Compatible,
                "http_method_changed",
                "method".into(),
                item.clone(),
                format!(
                    "requests are sent with {} instead of {}; the Rust API is unchanged",
                    hs.method.as_str(),
                    bs.method.as_str()
                ),
                Some(bs.method.as_str().into()),
                Some(hs.method.as_str().into()),
            );
        }
        if bs.idempotent != hs.idempotent {
            self.push(
                Class::Compatible,
                "idempotency_changed",
                "idempotent".into(),
                item.clone(),
                if hs.idempotent {
                    "the runtime now treats the call as safe to repeat when it retries; code is \
                     unchanged"
                        .into()
                } else {
                    "the runtime no longer treats the call as safe to repeat when it retries; \
                     code is unchanged"
                        .into()
                },
                Some(bs.idempotent.to_string()),
                Some(hs.idempotent.to_string()),
            );
        }
        let mut docs = Vec::new();
        if bs.summary != hs.summary {
            docs.push("summary");
        }
        if bs.description != hs.description {
            docs.push("description");
        }
        if bs.method_note != hs.method_note {
            docs.push("method_note");
        }
        if bs.deprecated != hs.deprecated {
            docs.push("deprecated");
        }
        if !same_examples(bs.examples.as_ref(), hs.examples.as_ref()) {
            docs.push("examples");
        }
        if bs.source != hs.source {
            docs.push("source");
        }
        if bs.history != hs.history {
            docs.push("history");
        }
        self.docs(op_path, item, &docs);

        let params = Scope {
            place: Place::Parameter,
            request: true,
            setter: true,
            nested: false,
            request_only: true,
            spec: "parameters".into(),
            base_owner: &bi.builder,
            head_owner: &hi.builder,
            base_source: &bs.source,
            head_source: &hs.source,
        };
        self.fields(
            irs,
            &params,
            &zip(&bs.parameters, &bi.params),
            &zip(&hs.parameters, &hi.params),
        );
        let response = Scope {
            place: Place::Response,
            request: false,
            setter: false,
            nested: false,
            request_only: false,
            spec: "response".into(),
            base_owner: &bi.output,
            head_owner: &hi.output,
            base_source: &bs.source,
            head_source: &hs.source,
        };
        self.fields(
            irs,
            &response,
            &zip(&bs.response, &bi.response),
            &zip(&hs.response, &hi.response),
        );
        self.errors(
            "errors",
            &bi.error,
            &hi.error,
            (&bs.errors, &bi.errors, &bs.source),
            (&hs.errors, &hi.errors, &hs.source),
        );
    }

    /// Matches fields by wire name, pairs renames, and reports each field.
    fn fields(&mut self, irs: &Irs<'_>, scope: &Scope<'_>, base: &[Fv<'_>], head: &[Fv<'_>]) {
        let base_names: BTreeSet<&str> = base.iter().map(|(f, _)| f.name.as_str()).collect();
        let head_names: BTreeSet<&str> = head.iter().map(|(f, _)| f.name.as_str()).collect();
        let removed: Vec<usize> = (0..base.len())
            .filter(|&i| !head_names.contains(base[i].0.name.as_str()))
            .collect();
        let added: Vec<usize> = (0..head.len())
            .filter(|&i| !base_names.contains(head[i].0.name.as_str()))
            .collect();
        let renames = pair_renames(base, head, &removed, &added);
        let renamed_from: BTreeSet<usize> = renames.values().copied().collect();

        for (hi, h) in head.iter().enumerate() {
            if let Some(b) = base.iter().find(|(f, _)| f.name == h.0.name) {
                if b.1.name != h.1.name {
                    self.renamed(scope, *b, *h);
                }
                self.field(irs, scope, *b, *h);
            } else if let Some(&bi) = renames.get(&hi) {
                self.renamed(scope, base[bi], *h);
                self.field(irs, scope, base[bi], *h);
            } else {
                self.added(scope, *h);
            }
        }
        for &bi in &removed {
            if !renamed_from.contains(&bi) {
                self.removed(scope, base[bi]);
            }
        }
    }

    fn added(&mut self, scope: &Scope<'_>, (f, fi): Fv<'_>) {
        let item = self.item(scope.head_owner, &fi.name);
        let spec_path = format!("{}.{}", scope.spec, f.name);
        let (class, reason) = if scope.request && f.required {
            (
                Class::Breaking,
                if scope.setter {
                    "a new required parameter: `build()` and `send()` fail with \
                     `SdkError::Construction` until it is set"
                } else {
                    "a new required member: the service rejects requests that leave it out"
                },
            )
        } else {
            (
                Class::Compatible,
                match scope.place {
                    Place::Parameter if scope.setter => {
                        "new optional setter; existing calls are unchanged"
                    }
                    Place::Response if !scope.nested => {
                        "new field; the output is `#[non_exhaustive]`"
                    }
                    _ => "new optional field; the structure is `#[non_exhaustive]`",
                },
            )
        };
        self.push(
            class,
            scope.place.kind("added"),
            spec_path,
            item,
            reason.into(),
            None,
            Some(f.ty.keyword()),
        );
    }

    fn removed(&mut self, scope: &Scope<'_>, (f, fi): Fv<'_>) {
        let item = self.item(scope.base_owner, &fi.name);
        let reason = if scope.setter {
            "the setter is gone; calls to it stop compiling"
        } else {
            "the field is gone; code reading or setting it stops compiling"
        };
        self.push(
            Class::Breaking,
            scope.place.kind("removed"),
            format!("{}.{}", scope.spec, f.name),
            item,
            reason.into(),
            Some(f.ty.keyword()),
            None,
        );
    }

    fn renamed(&mut self, scope: &Scope<'_>, (bf, bi): Fv<'_>, (hf, hi): Fv<'_>) {
        let item = self.item(scope.head_owner, &hi.name);
        let what = if scope.setter { "setter" } else { "field" };
        let (class, reason) = if bi.name != hi.name {
            let mut reason = format!(
                "the {what} `{}` is now `{}`; code using the old name stops compiling",
                bi.name, hi.name
            );
            if bf.name == hf.name {
                reason.push_str(" (another field took the name)");
            }
            (Class::Breaking, reason)
        } else {
            (
                Class::Compatible,
                format!(
                    "the wire name is now `{}` instead of `{}`; the Rust name `{}` stays",
                    hf.name, bf.name, hi.name
                ),
            )
        };
        self.push(
            class,
            scope.place.kind("renamed"),
            format!("{}.{}", scope.spec, hf.name),
            item,
            reason,
            Some(bf.name.clone()),
            Some(hf.name.clone()),
        );
    }

    /// Everything that can differ on a field present on both sides.
    fn field(&mut self, irs: &Irs<'_>, scope: &Scope<'_>, (b, bi): Fv<'_>, (h, hi): Fv<'_>) {
        let item = self.item(scope.head_owner, &hi.name);
        let spec_path = format!("{}.{}", scope.spec, h.name);
        let mut docs: Vec<&str> = Vec::new();

        let (bt, ht) = (rust_type(&bi.ty), rust_type(&hi.ty));
        let retyped = bt != ht || b.ty.keyword() != h.ty.keyword();
        if retyped {
            let (class, reason) = if bt != ht {
                (
                    Class::Breaking,
                    if scope.setter {
                        format!("the setter takes `{ht}` instead of `{bt}`; calls passing the old type stop compiling")
                    } else {
                        format!("the field holds `{ht}` instead of `{bt}`; code using the old type stops compiling")
                    },
                )
            } else {
                (
                    Class::Compatible,
                    format!(
                        "the spec type is `{}` instead of `{}`; the Rust type stays `{ht}`",
                        h.ty.keyword(),
                        b.ty.keyword()
                    ),
                )
            };
            self.push(
                class,
                scope.place.kind("type_changed"),
                spec_path.clone(),
                item.clone(),
                reason,
                Some(b.ty.keyword()),
                Some(h.ty.keyword()),
            );
        }

        if scope.request && b.required != h.required {
            if h.required {
                self.push(
                    Class::Breaking,
                    scope.place.kind("now_required"),
                    spec_path.clone(),
                    item.clone(),
                    if scope.setter {
                        "now required: `build()` and `send()` fail with `SdkError::Construction` \
                         when it is not set"
                            .into()
                    } else {
                        "now required: the service rejects requests that leave it out".into()
                    },
                    Some("optional".into()),
                    Some("required".into()),
                );
            } else {
                self.push(
                    Class::Compatible,
                    scope.place.kind("now_optional"),
                    spec_path.clone(),
                    item.clone(),
                    "now optional: calls may leave it out; calls that set it are unchanged".into(),
                    Some("required".into()),
                    Some("optional".into()),
                );
            }
        } else if b.required != h.required {
            docs.push("required");
        }

        if b.default != h.default {
            if scope.request {
                let reason = match (&b.default, &h.default) {
                    (Some(x), Some(y)) => format!(
                        "when it is left out the service now uses `{y}` instead of `{x}`; code \
                         compiles and calls succeed, but what they do changes"
                    ),
                    (None, Some(y)) => format!(
                        "now documented to default to `{y}` when it is left out; code is unchanged"
                    ),
                    (Some(x), _) => format!(
                        "no longer documented to default to `{x}` when it is left out; set it \
                         explicitly to be sure"
                    ),
                    (None, None) => String::new(),
                };
                self.push(
                    Class::Compatible,
                    scope.place.kind("default_changed"),
                    spec_path.clone(),
                    item.clone(),
                    reason,
                    b.default.clone(),
                    h.default.clone(),
                );
            } else {
                docs.push("default");
            }
        }

        match (inline_enum(&b.ty, &bi.ty), inline_enum(&h.ty, &hi.ty)) {
            (Some(be), Some(he)) => {
                self.enum_values(irs, &spec_path, be, he, &b.values, &h.values);
            }
            (None, None) if !is_named(&b.ty) && !is_named(&h.ty) => {
                self.allowed_values(scope, &spec_path, &item, &ht, &b.values, &h.values);
                if meanings_differ(&b.values, &h.values) {
                    docs.push("values");
                }
            }
            // One side is an enum and the other is not: the type change says it all.
            _ => {}
        }

        if b.limits != h.limits {
            let tightened = tighter(&b.limits, &h.limits);
            let (class, why) = if scope.request && tightened {
                (
                    Class::Breaking,
                    "the service is now documented to reject values it accepted; calls near the \
                     old bounds may fail",
                )
            } else {
                (
                    Class::DocsOnly,
                    "the SDK does not check limits; only the documentation changes",
                )
            };
            self.push(
                class,
                scope.place.kind("limits_changed"),
                spec_path.clone(),
                item.clone(),
                format!(
                    "limits {} instead of {}: {why}",
                    show_limits(&h.limits),
                    show_limits(&b.limits)
                ),
                Some(show_limits(&b.limits)),
                Some(show_limits(&h.limits)),
            );
        }

        let mut wire = Vec::new();
        if scope.request && b.style != h.style {
            wire.push(format!(
                "list style `{}` instead of `{}`",
                style_word(h.style),
                style_word(b.style)
            ));
        }
        if scope.request && b.location != h.location {
            wire.push(format!(
                "sent in the {} instead of the {}",
                location_word(h.location),
                location_word(b.location)
            ));
        }
        if b.wrapper != h.wrapper {
            wire.push(format!(
                "array wrapper `{}` instead of `{}`",
                h.wrapper.as_deref().unwrap_or("(none)"),
                b.wrapper.as_deref().unwrap_or("(none)")
            ));
        }
        if b.idempotency_token != h.idempotency_token {
            wire.push(if h.idempotency_token {
                "now the idempotency token the runtime fills in".to_string()
            } else {
                "no longer the idempotency token".to_string()
            });
        }
        if !wire.is_empty() {
            self.push(
                Class::Compatible,
                scope.place.kind("wire_form_changed"),
                spec_path.clone(),
                item.clone(),
                format!(
                    "{}; the Rust API is unchanged, the wire form follows the spec",
                    wire.join("; ")
                ),
                None,
                None,
            );
        }

        if b.sensitive != h.sensitive {
            let now = if h.sensitive {
                "now a secret: the value is kept as `Secret` and redacted from `Debug`"
            } else {
                "no longer a secret: the value is kept as plain text and shown by `Debug`"
            };
            if scope.setter {
                self.push(
                    Class::Compatible,
                    scope.place.kind("sensitive_changed"),
                    spec_path.clone(),
                    item.clone(),
                    format!("{now}; the setter is unchanged"),
                    Some(b.sensitive.to_string()),
                    Some(h.sensitive.to_string()),
                );
            } else if scope.request_only {
                self.push(
                    Class::Breaking,
                    scope.place.kind("sensitive_changed"),
                    spec_path.clone(),
                    item.clone(),
                    format!("{now}; the public field changes type, so code assigning it stops compiling"),
                    Some(b.sensitive.to_string()),
                    Some(h.sensitive.to_string()),
                );
            } else {
                docs.push("sensitive");
            }
        }

        if b.description != h.description {
            docs.push("description");
        }
        if b.example != h.example {
            docs.push("example");
        }
        let inherited = b.source == *scope.base_source && h.source == *scope.head_source;
        if b.source != h.source && !inherited {
            docs.push("source");
        }
        if b.history != h.history {
            docs.push("history");
        }
        self.docs(spec_path.clone(), item, &docs);

        if let (Some(bm), Some(hm)) = (b.ty.members(), h.ty.members()) {
            if let (Some(bs), Some(hs)) = (struct_name(&bi.ty), struct_name(&hi.ty)) {
                let child = Scope {
                    place: scope.place,
                    request: scope.request,
                    setter: false,
                    nested: true,
                    request_only: scope.request_only,
                    spec: spec_path,
                    base_owner: bs,
                    head_owner: hs,
                    base_source: &b.source,
                    head_source: &h.source,
                };
                let bfs = struct_fields(irs.base, bs);
                let hfs = struct_fields(irs.head, hs);
                self.fields(irs, &child, &zip(bm, bfs), &zip(hm, hfs));
            }
        }
    }

    /// Values of a generated enum: each one is a variant.
    fn enum_values(
        &mut self,
        irs: &Irs<'_>,
        spec_path: &str,
        base_enum: &str,
        head_enum: &str,
        base: &[EnumValue],
        head: &[EnumValue],
    ) {
        let m = self.module.clone();
        for h in head {
            let variant = variant_name(irs.head, head_enum, &h.value);
            let item = format!("{m}::{head_enum}::{variant}");
            let path = format!("{spec_path}.values.{}", h.value);
            match base.iter().find(|b| b.value == h.value) {
                Some(b) => {
                    let old = variant_name(irs.base, base_enum, &b.value);
                    if old != variant {
                        self.push(
                            Class::Breaking,
                            "enum_variant_renamed",
                            path.clone(),
                            item.clone(),
                            format!("the variant `{old}` is now `{variant}`; code naming the old one stops compiling"),
                            Some(old),
                            Some(variant.clone()),
                        );
                    }
                    let mut docs = Vec::new();
                    if b.meaning != h.meaning {
                        docs.push("meaning");
                    }
                    if b.history != h.history {
                        docs.push("history");
                    }
                    self.docs(path, item, &docs);
                }
                None => self.push(
                    Class::Compatible,
                    "enum_value_added",
                    path,
                    item,
                    "new variant; the enum is `#[non_exhaustive]`, so every match already has a \
                     wildcard arm"
                        .into(),
                    None,
                    Some(h.value.clone()),
                ),
            }
        }
        for b in base {
            if !head.iter().any(|h| h.value == b.value) {
                let variant = variant_name(irs.base, base_enum, &b.value);
                self.push(
                    Class::Breaking,
                    "enum_value_removed",
                    format!("{spec_path}.values.{}", b.value),
                    format!("{m}::{base_enum}::{variant}"),
                    "the variant is gone: code naming it stops compiling, and the value now \
                     arrives as `Unknown`"
                        .into(),
                    Some(b.value.clone()),
                    None,
                );
            }
        }
    }

    /// Documented values of a plain type (`string`, `integer`...): the Rust type takes any value.
    fn allowed_values(
        &mut self,
        scope: &Scope<'_>,
        spec_path: &str,
        item: &str,
        rust: &str,
        base: &[EnumValue],
        head: &[EnumValue],
    ) {
        for h in head {
            if !base.iter().any(|b| b.value == h.value) {
                self.push(
                    Class::DocsOnly,
                    "allowed_value_added",
                    format!("{spec_path}.values.{}", h.value),
                    item.to_string(),
                    format!("one more documented value; the Rust type `{rust}` already takes it"),
                    None,
                    Some(h.value.clone()),
                );
            }
        }
        for b in base {
            if !head.iter().any(|h| h.value == b.value) {
                let (class, reason) = if scope.request {
                    (
                        Class::Breaking,
                        format!(
                            "no longer documented as accepted: code still compiles (the Rust type \
                             `{rust}` takes any value), but the service may reject calls that send it"
                        ),
                    )
                } else {
                    (
                        Class::DocsOnly,
                        "no longer documented as a value the service sends".to_string(),
                    )
                };
                self.push(
                    class,
                    "allowed_value_removed",
                    format!("{spec_path}.values.{}", b.value),
                    item.to_string(),
                    reason,
                    Some(b.value.clone()),
                    None,
                );
            }
        }
    }

    /// Error codes of an operation or of the service: one variant per code.
    fn errors(
        &mut self,
        spec_prefix: &str,
        base_enum: &str,
        head_enum: &str,
        (bs, bv, b_src): (&[ErrorCode], &[ir::ErrorVariant], &Source),
        (hs, hv, h_src): (&[ErrorCode], &[ir::ErrorVariant], &Source),
    ) {
        let m = self.module.clone();
        for h in hv {
            let item = format!("{m}::{head_enum}::{}", h.name);
            let path = format!("{spec_prefix}.{}", h.code);
            match bv.iter().find(|b| b.code == h.code) {
                Some(b) => {
                    if b.name != h.name {
                        self.push(
                            Class::Breaking,
                            "error_variant_renamed",
                            path.clone(),
                            item.clone(),
                            format!(
                                "the variant `{}` is now `{}`; code naming the old one stops compiling",
                                b.name, h.name
                            ),
                            Some(b.name.clone()),
                            Some(h.name.clone()),
                        );
                    }
                    let be: Vec<&ErrorCode> = bs.iter().filter(|e| e.code == h.code).collect();
                    let he: Vec<&ErrorCode> = hs.iter().filter(|e| e.code == h.code).collect();
                    let mut docs = Vec::new();
                    if project(&be, |e| e.http_status.to_string())
                        != project(&he, |e| e.http_status.to_string())
                    {
                        docs.push("http_status");
                    }
                    if project(&be, |e| e.message.clone()) != project(&he, |e| e.message.clone()) {
                        docs.push("message");
                    }
                    if project(&be, |e| e.meaning.clone()) != project(&he, |e| e.meaning.clone()) {
                        docs.push("meaning");
                    }
                    let inherited = be.iter().all(|e| e.source == *b_src)
                        && he.iter().all(|e| e.source == *h_src);
                    if !inherited
                        && project(&be, |e| e.source.clone()) != project(&he, |e| e.source.clone())
                    {
                        docs.push("source");
                    }
                    if project(&be, |e| e.history.clone()) != project(&he, |e| e.history.clone()) {
                        docs.push("history");
                    }
                    self.docs(path, item, &docs);
                }
                None => self.push(
                    Class::Compatible,
                    "error_added",
                    path,
                    item,
                    "new variant; the error enum is `#[non_exhaustive]` (the code used to arrive \
                     through a catch-all variant)"
                        .into(),
                    None,
                    Some(h.code.clone()),
                ),
            }
        }
        for b in bv {
            if !hv.iter().any(|h| h.code == b.code) {
                self.push(
                    Class::Breaking,
                    "error_removed",
                    format!("{spec_prefix}.{}", b.code),
                    format!("{m}::{base_enum}::{}", b.name),
                    "the variant is gone: code naming it stops compiling, and the code now arrives \
                     as a catch-all variant"
                        .into(),
                    Some(b.code.clone()),
                    None,
                );
            }
        }
    }
}

/// Pairs removed and added fields that are one field renamed: first by a `was: { name: Old }`
/// history entry on the added one, then by type where exactly one removed and one added field
/// share it. Returns head index → base index.
fn pair_renames(
    base: &[Fv<'_>],
    head: &[Fv<'_>],
    removed: &[usize],
    added: &[usize],
) -> BTreeMap<usize, usize> {
    let mut pairs = BTreeMap::new();
    let mut used = BTreeSet::new();
    for &h in added {
        let old_names = head[h]
            .0
            .history
            .iter()
            .flat_map(|entry| &entry.was)
            .filter_map(|(key, value)| match (key.as_str(), value) {
                ("name", Raw::Scalar(old)) => Some(old.as_str()),
                _ => None,
            });
        for old in old_names {
            if let Some(&b) = removed
                .iter()
                .find(|&&b| base[b].0.name == old && !used.contains(&b))
            {
                pairs.insert(h, b);
                used.insert(b);
                break;
            }
        }
    }
    let open_removed: Vec<usize> = removed
        .iter()
        .copied()
        .filter(|b| !used.contains(b))
        .collect();
    let open_added: Vec<usize> = added
        .iter()
        .copied()
        .filter(|h| !pairs.contains_key(h))
        .collect();
    for &b in &open_removed {
        let ty = base[b].0.ty.keyword();
        let same_added: Vec<usize> = open_added
            .iter()
            .copied()
            .filter(|&h| head[h].0.ty.keyword() == ty)
            .collect();
        let same_removed = open_removed
            .iter()
            .filter(|&&r| base[r].0.ty.keyword() == ty)
            .count();
        if let [h] = same_added.as_slice() {
            if same_removed == 1 {
                pairs.insert(*h, b);
            }
        }
    }
    pairs
}

fn zip<'a>(spec: &'a [Field], ir: &'a [FieldIr]) -> Vec<Fv<'a>> {
    // The IR keeps one field per spec field, in order.
    spec.iter().zip(ir).collect()
}

fn struct_fields<'a>(p: &'a ir::Product, name: &str) -> &'a [FieldIr] {
    p.structs
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.fields.as_slice())
        .unwrap_or(&[])
}

fn variant_name(p: &ir::Product, enum_name: &str, value: &str) -> String {
    p.enums
        .iter()
        .find(|e| e.name == enum_name)
        .and_then(|e| e.variants.iter().find(|v| v.value == value))
        .map(|v| v.name.clone())
        .unwrap_or_else(|| ir::camel(value))
}

/// The generated enum of a field whose spec type is an inline `enum` (possibly in a list or map).
fn inline_enum<'a>(ty: &Type, rust: &'a TypeIr) -> Option<&'a str> {
    match (ty, rust) {
        (Type::Enum, TypeIr::Enum(name)) => Some(name),
        (Type::List(t), TypeIr::List(r)) | (Type::Map(t), TypeIr::Map(r)) => inline_enum(t, r),
        _ => None,
    }
}

fn is_named(ty: &Type) -> bool {
    match ty {
        Type::Named(_) => true,
        Type::List(t) | Type::Map(t) => is_named(t),
        _ => false,
    }
}

/// The generated structure of an inline object field (possibly in a list or map).
fn struct_name(ty: &TypeIr) -> Option<&str> {
    match ty {
        TypeIr::Struct(name) => Some(name),
        TypeIr::List(t) | TypeIr::Map(t) => struct_name(t),
        _ => None,
    }
}

/// A Rust type as a user reads it.
fn rust_type(ty: &TypeIr) -> String {
    match ty {
        TypeIr::String => "String".into(),
        TypeIr::I32 => "i32".into(),
        TypeIr::I64 => "i64".into(),
        TypeIr::F64 => "f64".into(),
        TypeIr::Bool => "bool".into(),
        TypeIr::Enum(n) | TypeIr::Struct(n) => n.clone(),
        TypeIr::List(t) => format!("Vec<{}>", rust_type(t)),
        TypeIr::Map(t) => format!("BTreeMap<String, {}>", rust_type(t)),
        TypeIr::Json(Some(n)) => format!("JsonString<{n}>"),
        TypeIr::Json(None) => "JsonString<JsonValue>".into(),
    }
}

/// True when a value documented on both sides has another meaning or history.
fn meanings_differ(base: &[EnumValue], head: &[EnumValue]) -> bool {
    head.iter().any(|h| {
        base.iter()
            .any(|b| b.value == h.value && (b.meaning != h.meaning || b.history != h.history))
    })
}

fn project<T>(errors: &[&ErrorCode], f: impl Fn(&ErrorCode) -> T) -> Vec<T> {
    errors.iter().map(|e| f(e)).collect()
}

fn same_examples(a: Option<&Examples>, b: Option<&Examples>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => {
            a.request == b.request && a.response == b.response && a.source == b.source
        }
        _ => false,
    }
}

/// True when `new` rejects something `old` allowed: a bound added, raised (minimums) or lowered
/// (maximums).
fn tighter(old: &Limits, new: &Limits) -> bool {
    fn min<T: PartialOrd>(old: Option<T>, new: Option<T>) -> bool {
        match (old, new) {
            (None, Some(_)) => true,
            (Some(o), Some(n)) => n > o,
            _ => false,
        }
    }
    fn max<T: PartialOrd>(old: Option<T>, new: Option<T>) -> bool {
        match (old, new) {
            (None, Some(_)) => true,
            (Some(o), Some(n)) => n < o,
            _ => false,
        }
    }
    min(old.min, new.min)
        || max(old.max, new.max)
        || min(old.min_length, new.min_length)
        || max(old.max_length, new.max_length)
        || max(old.max_items, new.max_items)
}

fn show_limits(l: &Limits) -> String {
    let mut parts = Vec::new();
    if let Some(v) = l.min {
        parts.push(format!("min {v}"));
    }
    if let Some(v) = l.max {
        parts.push(format!("max {v}"));
    }
    if let Some(v) = l.min_length {
        parts.push(format!("min_length {v}"));
    }
    if let Some(v) = l.max_length {
        parts.push(format!("max_length {v}"));
    }
    if let Some(v) = l.max_items {
        parts.push(format!("max_items {v}"));
    }
    if parts.is_empty() {
        "(none)".into()
    } else {
        parts.join(", ")
    }
}

fn endpoint_differences(b: &spec::Endpoints, h: &spec::Endpoints) -> Vec<String> {
    let mut out = Vec::new();
    let host = |what: &str, old: &Option<String>, new: &Option<String>| match (old, new) {
        (Some(o), Some(n)) => format!("{what} `{n}` instead of `{o}`"),
        (None, Some(n)) => format!("{what} `{n}` added"),
        (Some(o), None) => format!("{what} `{o}` removed"),
        (None, None) => String::new(),
    };
    if b.global != h.global {
        out.push(host("global host", &b.global, &h.global));
    }
    let added: Vec<&str> = h
        .global_regions
        .iter()
        .filter(|r| !b.global_regions.contains(r))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = b
        .global_regions
        .iter()
        .filter(|r| !h.global_regions.contains(r))
        .map(String::as_str)
        .collect();
    if !added.is_empty() {
        out.push(format!("global regions added: {}", added.join(", ")));
    }
    if !removed.is_empty() {
        out.push(format!("global regions removed: {}", removed.join(", ")));
    }
    if b.regional != h.regional {
        out.push(format!(
            "regional host `{}` instead of `{}`",
            h.regional, b.regional
        ));
    }
    if b.vpc != h.vpc {
        out.push(host("VPC host", &b.vpc, &h.vpc));
    }
    if b.overrides != h.overrides {
        let show = |o: &[(String, String)]| {
            if o.is_empty() {
                "(none)".to_string()
            } else {
                o.iter()
                    .map(|(r, host)| format!("{r} → {host}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        out.push(format!(
            "overrides {} instead of {}",
            show(&h.overrides),
            show(&b.overrides)
        ));
    }
    out
}

fn kind_word(k: &NamedKind) -> &'static str {
    match k {
        NamedKind::Enum(_) => "enum",
        NamedKind::Object(_) => "object",
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn style_word(s: spec::ListStyle) -> &'static str {
    match s {
        spec::ListStyle::Repeat => "repeat",
        spec::ListStyle::Comma => "comma",
        spec::ListStyle::Json => "json",
    }
}

fn location_word(l: spec::Location) -> &'static str {
    match l {
        spec::Location::Query => "query",
        spec::Location::Body => "form body",
    }
}

/// `a`, `a and b`, `a, b and c`.
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
