//! Cross-reference checks on a loaded spec: names unique, referenced types and documents exist,
//! error codes well formed, common parameters not redeclared, enum names consistent.

use std::collections::{BTreeMap, BTreeSet};

use super::diag::Sink;
use super::model::*;

/// Parameters every request carries; the runtime sends them, so operations never declare them.
pub const COMMON_PARAMETERS: &[&str] = &[
    "Action",
    "Version",
    "Format",
    "AccessKeyId",
    "Signature",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureNonce",
    "SignatureType",
    "Timestamp",
    "SecurityToken",
    "BearerToken",
];

pub(crate) fn validate(spec: &Spec, sink: &mut Sink) {
    let docs: BTreeSet<&str> = spec.documents.iter().map(|d| d.id.as_str()).collect();
    for product in &spec.products {
        ProductCheck {
            product,
            docs: &docs,
            sink,
            enum_names: BTreeMap::new(),
        }
        .run();
    }
}

struct ProductCheck<'a> {
    product: &'a Product,
    docs: &'a BTreeSet<&'a str>,
    sink: &'a mut Sink,
    /// type_name → (values, where first declared)
    enum_names: BTreeMap<String, (Vec<String>, Loc)>,
}

impl ProductCheck<'_> {
    fn run(&mut self) {
        let p = self.product;
        self.source(&p.source, &p.loc);
        let mut type_names = BTreeSet::new();
        for t in &p.types {
            if !type_names.insert(t.name.as_str()) {
                self.sink.error(
                    t.loc.clone(),
                    format!("named type `{}` is declared twice", t.name),
                    "rename or remove one",
                );
            }
            self.source(&t.source, &t.loc);
            self.histories(&t.history, &t.loc);
            match &t.kind {
                NamedKind::Object(members) => {
                    self.fields(members, &format!("named type `{}`", t.name))
                }
                NamedKind::Enum(values) => {
                    let names: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
                    self.enum_name(&t.name, &names, &t.loc);
                }
            }
        }
        self.errors(&p.errors, "service.yaml");
        for op in &p.operations {
            self.operation(op);
        }
    }

    fn operation(&mut self, op: &Operation) {
        let what = format!("operation `{}`", op.name);
        self.source(&op.source, &op.loc);
        self.histories(&op.history, &op.loc);
        for param in &op.parameters {
            if COMMON_PARAMETERS.contains(&param.name.as_str()) {
                self.sink.error(
                    param.loc.clone(),
                    format!("parameter `{}` of {what} is a common parameter", param.name),
                    "remove it: the runtime sends the common parameters of every request",
                );
            }
        }
        self.fields(&op.parameters, &what);
        self.fields(&op.response, &format!("the response of {what}"));
        for param in &op.parameters {
            if matches!(param.name.as_str(), "ClientToken" | "Token") && !param.idempotency_token {
                self.sink.error(
                    param.loc.clone(),
                    format!("parameter `{}` of {what} is not marked as the idempotency token", param.name),
                    "add `idempotency_token: true`: the runtime fills it so that a retry cannot act twice",
                );
            }
        }
        let tokens: Vec<&Field> = op
            .parameters
            .iter()
            .filter(|p| p.idempotency_token)
            .collect();
        if tokens.len() > 1 {
            self.sink.error(
                tokens[1].loc.clone(),
                format!("{what} has more than one idempotency token"),
                "mark only the ClientToken/Token parameter",
            );
        }
        for t in tokens {
            if t.ty != Type::String {
                self.sink.error(
                    t.loc.clone(),
                    format!("idempotency token `{}` of {what} must be a string", t.name),
                    "",
                );
            }
        }
        self.errors(&op.errors, &what);
        if let Some(ex) = &op.examples {
            self.source(&ex.source, &op.loc);
            for (name, _) in &ex.request {
                let top = name.split('.').next().unwrap_or(name);
                if op.parameter(top).is_none() && !COMMON_PARAMETERS.contains(&top) {
                    self.sink.error(
                        op.loc.clone(),
                        format!(
                            "the sample request of {what} names `{name}`, which is not a parameter"
                        ),
                        "declare the parameter, or fix the sample's spelling",
                    );
                }
            }
        }
    }

    fn fields(&mut self, fields: &[Field], what: &str) {
        let mut seen = BTreeSet::new();
        for f in fields {
            if !seen.insert(f.name.as_str()) {
                self.sink.error(
                    f.loc.clone(),
                    format!("`{}` is declared twice in {what}", f.name),
                    "remove the repeated entry",
                );
            }
            self.source(&f.source, &f.loc);
            self.histories(&f.history, &f.loc);
            for v in &f.values {
                self.histories(&v.history, &f.loc);
            }
            if f.sensitive && !matches!(f.ty, Type::String) {
                self.sink.error(
                    f.loc.clone(),
                    format!("`{}` of {what} is sensitive but not a string", f.name),
                    "",
                );
            }
            if f.ty == Type::Enum {
                let names: Vec<String> = f.values.iter().map(|v| v.value.clone()).collect();
                if let Some(tn) = &f.type_name {
                    self.enum_name(tn, &names, &f.loc);
                }
            }
            self.type_refs(&f.ty, f, what);
            if let Some(members) = f.ty.members() {
                self.fields(members, &format!("`{}` of {what}", f.name));
            }
        }
    }

    fn type_refs(&mut self, ty: &Type, f: &Field, what: &str) {
        match ty {
            Type::Named(n) if self.product.named_type(n).is_none() => {
                self.sink.error(
                    f.loc.clone(),
                    format!(
                        "`{}` of {what} has type `{n}`, which is not declared",
                        f.name
                    ),
                    "declare it under `types:` in service.yaml, or use a built-in type",
                );
            }
            Type::Json(Some(n)) => match self.product.named_type(n) {
                Some(NamedType {
                    kind: NamedKind::Object(_),
                    ..
                }) => {}
                Some(_) => self.sink.error(
                    f.loc.clone(),
                    format!(
                        "`{}` of {what} has schema `{n}`, which is not an object type",
                        f.name
                    ),
                    "a json schema must be a named type of kind object",
                ),
                None => self.sink.error(
                    f.loc.clone(),
                    format!(
                        "`{}` of {what} has schema `{n}`, which is not declared",
                        f.name
                    ),
                    "declare it under `types:` in service.yaml",
                ),
            },
            Type::List(inner) | Type::Map(inner) => self.type_refs(inner, f, what),
            _ => {}
        }
    }

    fn enum_name(&mut self, name: &str, values: &[String], loc: &Loc) {
        if let Some((first, first_loc)) = self.enum_names.get(name) {
            if first != values {
                self.sink.error(
                    loc.clone(),
                    format!(
                        "enum `{name}` has values ({}) here but ({}) at {first_loc}",
                        values.join(", "),
                        first.join(", ")
                    ),
                    "enums sharing a type_name must list the same values; use another type_name",
                );
            }
        } else {
            self.enum_names
                .insert(name.to_string(), (values.to_vec(), loc.clone()));
        }
    }

    fn errors(&mut self, errors: &[ErrorCode], what: &str) {
        let mut seen = BTreeSet::new();
        for e in errors {
            self.source(&e.source, &e.loc);
            self.histories(&e.history, &e.loc);
            if !well_formed_code(&e.code) {
                self.sink.error(
                    e.loc.clone(),
                    format!("error code `{}` of {what} is not well formed", e.code),
                    "codes are dot-separated words of letters, digits, `_` and `-`, with no spaces (e.g. InvalidRegionId.NotFound)",
                );
            }
            if !(400..=599).contains(&e.http_status) {
                self.sink.error(
                    e.loc.clone(),
                    format!(
                        "error `{}` of {what} has HTTP status {}",
                        e.code, e.http_status
                    ),
                    "an error's HTTP status is between 400 and 599",
                );
            }
            if !seen.insert((e.code.as_str(), e.message.as_str())) {
                self.sink.error(
                    e.loc.clone(),
                    format!(
                        "error `{}` of {what} is listed twice with the same message",
                        e.code
                    ),
                    "remove the repeated entry",
                );
            }
        }
    }

    fn histories(&mut self, history: &[History], loc: &Loc) {
        for h in history {
            self.source(&h.source, loc);
        }
    }

    fn source(&mut self, source: &Source, loc: &Loc) {
        if !self.docs.contains(source.doc.as_str()) {
            self.sink.error(
                loc.clone(),
                format!("source document `{}` is not in documents.yaml", source.doc),
                format!(
                    "use one of: {}",
                    self.docs.iter().copied().collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
}

/// `Word.Word2.Word_3`: non-empty dot-separated parts of ASCII letters, digits, `_`, `-`, starting
/// with a letter.
pub fn well_formed_code(code: &str) -> bool {
    code.split('.').all(|part| {
        part.starts_with(|c: char| c.is_ascii_alphabetic())
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    })
}
