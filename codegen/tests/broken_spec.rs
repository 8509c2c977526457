//! Broken specs give errors that say where (`file:line:col`) and what, all of them in one run,
//! and never panic.

use alicloud_codegen::spec::{Diagnostics, SpecFiles};

const DOCUMENTS: &str = "\
documents:
  - id: \"002\"
    file: 002_bc19a1c4d5c6b0e9.txt
    title: API reference
    date: \"2019-10-30\"
";

const SERVICE: &str = "\
product: R-kvstore
api_version: \"2015-01-01\"
title: ApsaraDB for Redis
description: Managed Redis.
source: { doc: \"002\", section: \"2 Request Structure\" }
endpoints:
  regional: r-kvstore.{region}.aliyuncs.com
";

const OPERATION: &str = "\
name: DescribeInstances
summary: Lists instances.
source: { doc: \"002\", section: \"8.3 DescribeInstances\" }
method: POST
idempotent: true
parameters:
  - name: RegionId
    type: string
    required: true
    example: cn-hangzhou
    description: The region.
  - name: PageSize
    type: integer
    default: 10
    example: 30
    description: Rows per page.
response:
  - name: RequestId
    type: string
    description: The request id.
";

fn load_with(operation: &str) -> Result<alicloud_codegen::spec::Spec, Diagnostics> {
    let mut files = SpecFiles::new("spec");
    files
        .insert("documents.yaml", DOCUMENTS)
        .insert("r-kvstore/2015-01-01/service.yaml", SERVICE)
        .insert(
            "r-kvstore/2015-01-01/operations/DescribeInstances.yaml",
            operation,
        );
    files.load()
}

/// The rendered diagnostics, one per line, without the trailing count.
fn errors(operation: &str) -> Vec<String> {
    match load_with(operation) {
        Ok(_) => panic!("the broken spec loaded without error"),
        Err(d) => d.0.iter().map(ToString::to_string).collect(),
    }
}

const FILE: &str = "spec/r-kvstore/2015-01-01/operations/DescribeInstances.yaml";

#[test]
fn the_fixture_itself_is_valid() {
    let spec = load_with(OPERATION).expect("fixture loads");
    let op = &spec.products[0].operations[0];
    assert_eq!(op.name, "DescribeInstances");
    assert_eq!(op.parameters.len(), 2);
    assert_eq!(op.parameters[1].default.as_deref(), Some("10"));
}

#[test]
fn bad_indentation_is_located() {
    let broken = OPERATION.replace("    type: integer\n", "   type: integer\n");
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:13:8: invalid YAML: while parsing a block collection, did not find \
             expected '-' indicator; check the indentation and quoting on this line and the \
             one before"
        )]
    );
}

#[test]
fn unknown_key_is_located_with_a_suggestion() {
    let broken = OPERATION.replace("    example: 30\n", "    exmaple: 30\n");
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:15:5: unknown key `exmaple` in parameter `PageSize` of operation \
             `DescribeInstances`; did you mean `example`? allowed keys: name, type, required, \
             default, example, description, values, type_name, limits, items, members, style, \
             wrapper, schema, location, idempotency_token, sensitive, source, history"
        )]
    );
}

#[test]
fn unknown_type_is_located() {
    let broken = OPERATION.replace("    type: integer\n", "    type: int\n");
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:13:11: `type` of parameter `PageSize` of operation `DescribeInstances` is \
             `int`; use string, integer, long, float, boolean, enum, list, map, object, json or \
             a named type (UpperCamelCase)"
        )]
    );
}

#[test]
fn a_list_where_a_value_belongs_is_located() {
    let broken = OPERATION.replace("summary: Lists instances.\n", "summary:\n  - Lists\n");
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:3:3: `summary` of operation `DescribeInstances` must be a single value, \
             found a list"
        )]
    );
}

#[test]
fn duplicate_parameter_is_located() {
    let broken = OPERATION.replace(
        "response:\n",
        "  - name: RegionId\n    type: string\n    description: Again.\nresponse:\n",
    );
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:17:5: `RegionId` is declared twice in operation `DescribeInstances`; \
             remove the repeated entry"
        )]
    );
}

#[test]
fn duplicate_key_is_located() {
    let broken = OPERATION.replace("    example: 30\n", "    example: 30\n    example: 40\n");
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:16:5: duplicate key `example` (first at 15:5); keep one of them"
        )]
    );
}

#[test]
fn example_of_the_wrong_type_is_located() {
    let broken = OPERATION.replace("    example: 30\n", "    example: thirty\n");
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:15:14: `example` of parameter `PageSize` of operation `DescribeInstances` \
             `thirty` is not a valid integer; write a whole number between -2147483648 and \
             2147483647, or use type long"
        )]
    );
}

#[test]
fn required_with_default_is_located() {
    let broken = OPERATION.replace(
        "    required: true\n",
        "    required: true\n    default: cn-beijing\n",
    );
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:10:14: parameter `RegionId` of operation `DescribeInstances` is required and \
             has a default; a required parameter has no default: remove `default` or set \
             `required: false`"
        )]
    );
}

#[test]
fn common_parameter_is_rejected() {
    let broken = OPERATION.replace(
        "response:\n",
        "  - name: AccessKeyId\n    type: string\n    description: Key.\nresponse:\n",
    );
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:17:5: parameter `AccessKeyId` of operation `DescribeInstances` is a common \
             parameter; remove it: the runtime sends the common parameters of every request"
        )]
    );
}

#[test]
fn malformed_error_code_and_status_are_rejected() {
    let broken = format!(
        "{OPERATION}errors:\n  - code: Forbidden. NotSupportRAM\n    http_status: 200\n    \
         message: No.\n    meaning: Not allowed.\n"
    );
    assert_eq!(
        errors(&broken),
        [
            format!(
                "{FILE}:22:5: error code `Forbidden. NotSupportRAM` of operation \
                 `DescribeInstances` is not well formed; codes are dot-separated words of \
                 letters, digits, `_` and `-`, with no spaces (e.g. InvalidRegionId.NotFound)"
            ),
            format!(
                "{FILE}:22:5: error `Forbidden. NotSupportRAM` of operation `DescribeInstances` \
                 has HTTP status 200; an error's HTTP status is between 400 and 599"
            ),
        ]
    );
}

#[test]
fn undeclared_named_type_is_rejected() {
    let broken = OPERATION.replace(
        "    type: string\n    required: true\n",
        "    type: RegionName\n    required: true\n",
    );
    let errs = errors(&broken);
    assert_eq!(
        errs,
        [format!(
            "{FILE}:7:5: `RegionId` of operation `DescribeInstances` has type `RegionName`, \
             which is not declared; declare it under `types:` in service.yaml, or use a \
             built-in type"
        )]
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let broken = OPERATION
        .replace("    example: 30\n", "    example: thirty\n")
        .replace(
            "    required: true\n",
            "    required: true\n    default: x\n",
        )
        .replace(
            "summary: Lists instances.\n",
            "summary: Lists instances.\ncolour: blue\n",
        );
    let errs = errors(&broken);
    assert_eq!(errs.len(), 3, "{errs:#?}");
    assert!(errs[0].starts_with(&format!("{FILE}:3:1: unknown key `colour`")));
    assert!(errs[1].starts_with(&format!("{FILE}:11:14: parameter `RegionId`")));
    assert!(errs[2].starts_with(&format!("{FILE}:17:14: `example` of parameter `PageSize`")));
}

#[test]
fn enum_example_must_be_a_listed_value() {
    let broken = OPERATION.replace(
        "response:\n",
        "  - name: NetworkType\n    type: enum\n    example: CLASIC\n    description: Net.\n    \
         values:\n      - { value: CLASSIC, meaning: Classic network. }\n      \
         - { value: VPC, meaning: Virtual private cloud. }\nresponse:\n",
    );
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:19:14: `example` of parameter `NetworkType` of operation `DescribeInstances` \
             `CLASIC` is not one of the values (CLASSIC, VPC); use one of the listed values, or \
             add the value to `values`"
        )]
    );
}

#[test]
fn file_name_must_match_operation_name() {
    let broken = OPERATION.replace("name: DescribeInstances\n", "name: DescribeInstance\n");
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:1:1: operation `DescribeInstance` is in a file named \
             `DescribeInstances.yaml`; rename the file to `DescribeInstance.yaml`"
        )]
    );
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "\t\tname: x",
        "- a\n- b\n",
        "a: &x 1\nb: *x\n",
        "name: !tag x\n",
        "{{{{",
        "name: [unclosed\n",
        "parameters:\n  - 42\n  - [1, 2]\n",
        "\u{feff}name: X\n\u{0}",
        "name: DescribeInstances\nparameters:\n  - name: A\n    type: list\n    items: list\n",
    ];
    for input in inputs {
        // Each must give diagnostics, never a panic or an Ok.
        assert!(load_with(input).is_err(), "{input:?} loaded");
    }
}

#[test]
fn a_client_token_must_be_marked_as_the_idempotency_token() {
    let broken = OPERATION.replace(
        "response:\n",
        "  - name: ClientToken\n    type: string\n    description: Token.\nresponse:\n",
    );
    assert_eq!(
        errors(&broken),
        [format!(
            "{FILE}:17:5: parameter `ClientToken` of operation `DescribeInstances` is not marked \
             as the idempotency token; add `idempotency_token: true`: the runtime fills it so \
             that a retry cannot act twice"
        )]
    );
}
