//! The intermediate model: the spec with every Rust name decided, once.
//!
//! Later stages ([`crate::gen`]) only read names from here; they never derive a name from a
//! wire name themselves. Names are unique per product module (the generated crate re-exports
//! every item of a product flat under `alicloud_sdk::<product>`), so this is also where
//! collisions are resolved.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::spec::{self, EnumValue, Field, ListStyle, Location, Method, NamedKind, Spec, Type};

/// The generated crate.
#[derive(Debug, Clone)]
pub struct Crate {
    /// One module per product, sorted by module name.
    pub products: Vec<Product>,
}

/// One product module.
#[derive(Debug, Clone)]
pub struct Product {
    /// Module name, e.g. `r_kvstore`.
    pub module: String,
    /// Cargo feature, e.g. `r-kvstore`.
    pub feature: String,
    /// Product code, e.g. `R-kvstore`.
    pub code: String,
    /// API version.
    pub version: String,
    /// Human name.
    pub title: String,
    /// Our description.
    pub description: String,
    /// Endpoint rules.
    pub endpoints: spec::Endpoints,
    /// Enums, sorted by name.
    pub enums: Vec<Enum>,
    /// Structures (named object types and nested objects of operations), sorted by name.
    pub structs: Vec<Struct>,
    /// The service-wide error enum (`CommonError`), if the product lists service-wide codes.
    pub common_errors: Vec<ErrorVariant>,
    /// Name of the service-wide error enum.
    pub common_error_name: String,
    /// Operations, sorted by wire name.
    pub operations: Vec<Operation>,
}

/// A generated enum for a documented value set.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Rust type name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// Variants in document order.
    pub variants: Vec<Variant>,
}

/// One enum variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// Wire value.
    pub value: String,
    /// Doc text.
    pub doc: String,
}

/// Which way a structure travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// Written into request parameters.
    pub request: bool,
    /// Read from a response.
    pub response: bool,
    /// Serialized to / deserialized from JSON text (a `json` schema).
    pub json: bool,
}

/// A generated structure.
#[derive(Debug, Clone)]
pub struct Struct {
    /// Rust type name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// Members.
    pub fields: Vec<FieldIr>,
    /// How it is used.
    pub usage: Usage,
}

/// A field of a request, response or structure, with its Rust names.
#[derive(Debug, Clone)]
pub struct FieldIr {
    /// Wire name.
    pub wire: String,
    /// Rust field / method name (snake case, never a keyword).
    pub name: String,
    /// Rust type.
    pub ty: TypeIr,
    /// Doc text (description, allowed values, example, default, limits).
    pub doc: String,
    /// Must be given (request parameters).
    pub required: bool,
    /// A secret: stored as `Secret`, never printed.
    pub sensitive: bool,
    /// List request parameters.
    pub style: ListStyle,
    /// Query or body.
    pub location: Location,
    /// The operation's idempotency token.
    pub idempotency_token: bool,
    /// The documented example, if any (for generated tests and docs).
    pub example: Option<String>,
}

/// A Rust type, named.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeIr {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// A generated enum.
    Enum(String),
    /// `Vec<T>`.
    List(Box<TypeIr>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeIr>),
    /// A generated structure.
    Struct(String),
    /// JSON text decoded to a generated structure.
    Json(Option<String>),
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Action name.
    pub wire: String,
    /// Client method and file name, e.g. `describe_instances`.
    pub method_name: String,
    /// Fluent builder type, e.g. `DescribeInstances`.
    pub builder: String,
    /// Response type, e.g. `DescribeInstancesOutput`.
    pub output: String,
    /// Error enum, e.g. `DescribeInstancesError`.
    pub error: String,
    /// Doc text.
    pub doc: String,
    /// HTTP method.
    pub method: Method,
    /// Safe to retry.
    pub idempotent: bool,
    /// Wire name of the idempotency token parameter.
    pub idempotency_token: Option<String>,
    /// Request parameters.
    pub params: Vec<FieldIr>,
    /// Response fields.
    pub response: Vec<FieldIr>,
    /// Operation-specific error codes.
    pub errors: Vec<ErrorVariant>,
    /// The documented sample request (wire name → value).
    pub example_request: Vec<(String, String)>,
    /// The documented sample response JSON.
    pub example_response: Option<String>,
}

/// One error code as an enum variant.
#[derive(Debug, Clone)]
pub struct ErrorVariant {
    /// Rust variant name.
    pub name: String,
    /// The service's code.
    pub code: String,
    /// Doc text (meaning, status, messages).
    pub doc: String,
}

/// Rust keywords that cannot be field or method names as they are.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "box", "break", "const", "continue", "crate", "dyn", "else", "enum",
    "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
    "move", "mut", "priv", "pub", "ref", "return", "self", "static", "struct", "super", "trait",
    "true", "type", "unsafe", "use", "where", "while", "yield", "abstract", "become", "do",
    "final", "macro", "override", "try", "typeof", "unsized", "virtual",
];

/// A snake-case Rust identifier for a wire name; keywords get a trailing `_`.
pub fn snake(wire: &str) -> String {
    let mut s = wire.replace(['-', '.', ' '], "_").to_snake_case();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'n');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// An UpperCamelCase Rust identifier for a wire name or value.
pub fn camel(wire: &str) -> String {
    let cleaned: String = wire
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut s = if cleaned
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit())
    {
        // A version-like value keeps its separators readable: "2.8" → V2_8, not V28.
        let parts: Vec<String> = cleaned
            .split_whitespace()
            .map(|p| p.to_upper_camel_case())
            .collect();
        format!("V{}", parts.join("_"))
    } else {
        cleaned.to_upper_camel_case()
    };
    if s.is_empty() {
        s = "Empty".into();
    }
    if s == "Self" || s == "Unknown" {
        s.push('_');
    }
    s
}

/// Makes `name` unique within `taken` by appending 2, 3, ...
fn unique(name: String, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(name.clone()) {
        return name;
    }
    (2..)
        .map(|i| format!("{name}{i}"))
        .find(|n| taken.insert(n.clone()))
        .unwrap_or(name)
}

/// Builds the intermediate model of the whole spec.
pub fn build(spec: &Spec) -> Crate {
    Crate {
        products: spec.products.iter().map(ProductBuilder::build).collect(),
    }
}

struct ProductBuilder {
    /// Type names taken in the module.
    taken: BTreeSet<String>,
    enums: BTreeMap<String, Enum>,
    structs: BTreeMap<String, Struct>,
    /// spec type_name / named type → Rust enum name.
    named_enums: BTreeMap<String, String>,
    /// named object type → Rust struct name.
    named_structs: BTreeMap<String, String>,
}

impl ProductBuilder {
    fn build(product: &spec::Product) -> Product {
        let mut b = ProductBuilder {
            taken: BTreeSet::new(),
            enums: BTreeMap::new(),
            structs: BTreeMap::new(),
            named_enums: BTreeMap::new(),
            named_structs: BTreeMap::new(),
        };
        // Reserve the fixed names first so generated types never take them.
        for fixed in ["Client", "CommonError", "ClientConfig"] {
            b.taken.insert(fixed.to_string());
        }
        let mut op_names = BTreeSet::new();
        let mut op_idents = Vec::new();
        for op in &product.operations {
            let builder = camel(&op.name);
            for n in [
                builder.clone(),
                format!("{builder}Output"),
                format!("{builder}Error"),
            ] {
                b.taken.insert(n);
            }
            op_idents.push((builder, unique(snake(&op.name), &mut op_names)));
        }
        // Named types: enums and structs keep their spec names.
        for t in &product.types {
            let name = camel(&t.name);
            b.taken.insert(name.clone());
            match &t.kind {
                NamedKind::Enum(_) => {
                    b.named_enums.insert(t.name.clone(), name);
                }
                NamedKind::Object(_) => {
                    b.named_structs.insert(t.name.clone(), name);
                }
            }
        }
        for t in &product.types {
            let usage = Usage {
                request: true,
                response: true,
                json: true,
            };
            match &t.kind {
                NamedKind::Enum(values) => {
                    let name = b.named_enums[&t.name].clone();
                    let e = make_enum(&name, &t.description, values);
                    b.enums.insert(name, e);
                }
                NamedKind::Object(members) => {
                    let name = b.named_structs[&t.name].clone();
                    let fields = b.fields(members, &name, usage);
                    b.structs.insert(
                        name.clone(),
                        Struct {
                            name,
                            doc: prose(&t.description),
                            fields,
                            usage,
                        },
                    );
                }
            }
        }

        let operations = product
            .operations
            .iter()
            .zip(op_idents)
            .map(|(op, (builder, method_name))| b.operation(op, builder, method_name))
            .collect();

        let common_errors = error_variants(&product.errors);
        Product {
            module: snake(&product.folder),
            feature: product.folder.clone(),
            code: product.code.clone(),
            version: product.api_version.clone(),
            title: product.title.clone(),
            description: prose(&product.description),
            endpoints: product.endpoints.clone(),
            enums: b.enums.into_values().collect(),
            structs: b.structs.into_values().collect(),
            common_errors,
            common_error_name: "CommonError".into(),
            operations,
        }
    }

    fn operation(
        &mut self,
        op: &spec::Operation,
        builder: String,
        method_name: String,
    ) -> Operation {
        let req = Usage {
            request: true,
            response: false,
            json: false,
        };
        let resp = Usage {
            request: false,
            response: true,
            json: false,
        };
        let params = self.fields(&op.parameters, &builder, req);
        let response = self.fields(&op.response, &builder, resp);
        let mut doc = prose(&op.summary);
        if let Some(d) = &op.description {
            doc.push_str("\n\n");
            doc.push_str(&prose(d.trim()));
        }
        if op.deprecated {
            doc.push_str("\n\nThe service marks this operation as deprecated.");
        }
        // The operation's own codes get variants even when the service-wide table lists them too:
        // they are matched first.
        let errors = error_variants(&op.errors);
        Operation {
            wire: op.name.clone(),
            method_name,
            output: format!("{builder}Output"),
            error: format!("{builder}Error"),
            builder,
            doc,
            method: op.method,
            idempotent: op.idempotent,
            idempotency_token: op.idempotency_token().map(|f| f.name.clone()),
            params,
            response,
            errors,
            example_request: op
                .examples
                .as_ref()
                .map(|e| e.request.clone())
                .unwrap_or_default(),
            example_response: op.examples.as_ref().and_then(|e| e.response.clone()),
        }
    }

    fn fields(&mut self, fields: &[Field], owner: &str, usage: Usage) -> Vec<FieldIr> {
        let mut names = BTreeSet::new();
        // Names the generated code itself uses on builders and outputs.
        for reserved in ["send", "build", "new", "client", "timeout", "customize"] {
            names.insert(reserved.to_string());
        }
        fields
            .iter()
            .map(|f| {
                let name = unique(snake(&f.name), &mut names);
                let ty = self.type_ir(f, &f.ty, owner, usage);
                FieldIr {
                    wire: f.name.clone(),
                    name,
                    ty,
                    doc: field_doc(f),
                    required: f.required,
                    sensitive: f.sensitive,
                    style: f.style,
                    location: f.location,
                    idempotency_token: f.idempotency_token,
                    example: f.example.clone(),
                }
            })
            .collect()
    }

    fn type_ir(&mut self, f: &Field, ty: &Type, owner: &str, usage: Usage) -> TypeIr {
        match ty {
            Type::String => TypeIr::String,
            Type::Integer => TypeIr::I32,
            Type::Long => TypeIr::I64,
            Type::Float => TypeIr::F64,
            Type::Boolean => TypeIr::Bool,
            Type::Enum => TypeIr::Enum(self.inline_enum(f, owner)),
            Type::List(inner) => TypeIr::List(Box::new(self.type_ir(f, inner, owner, usage))),
            Type::Map(inner) => TypeIr::Map(Box::new(self.type_ir(f, inner, owner, usage))),
            Type::Object(members) => TypeIr::Struct(self.inline_struct(f, members, owner, usage)),
            Type::Json(schema) => {
                TypeIr::Json(schema.as_ref().map(|s| self.named_structs[s].clone()))
            }
            Type::Named(n) => match (self.named_enums.get(n), self.named_structs.get(n)) {
                (Some(e), _) => TypeIr::Enum(e.clone()),
                (None, Some(s)) => TypeIr::Struct(s.clone()),
                // Validation guarantees the name exists; fall back to text rather than panic.
                (None, None) => TypeIr::String,
            },
        }
    }

    /// An enum for a field's value set: named by `type_name`, else by the field; the same name
    /// with the same values is shared, a clash is prefixed with the owner.
    fn inline_enum(&mut self, f: &Field, owner: &str) -> String {
        let base = camel(f.type_name.as_deref().unwrap_or(&f.name));
        let candidate = make_enum(&base, &f.description, &f.values);
        if let Some(existing) = self.enums.get(&base) {
            if same_values(existing, &candidate) {
                return base;
            }
        } else if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            self.enums.insert(base.clone(), candidate);
            return base;
        }
        let name = unique(format!("{owner}{base}"), &mut self.taken);
        let e = make_enum(&name, &f.description, &f.values);
        self.enums.insert(name.clone(), e);
        name
    }

    fn inline_struct(&mut self, f: &Field, members: &[Field], owner: &str, usage: Usage) -> String {
        let base = camel(f.wrapper.as_deref().unwrap_or(&f.name));
        let name = if self.taken.contains(&base) {
            unique(format!("{owner}{base}"), &mut self.taken)
        } else {
            self.taken.insert(base.clone());
            base
        };
        let fields = self.fields(members, &name, usage);
        self.structs.insert(
            name.clone(),
            Struct {
                name: name.clone(),
                doc: f.description.clone(),
                fields,
                usage,
            },
        );
        name
    }
}

fn same_values(a: &Enum, b: &Enum) -> bool {
    a.variants.len() == b.variants.len()
        && a.variants
            .iter()
            .zip(&b.variants)
            .all(|(x, y)| x.value == y.value)
}

fn make_enum(name: &str, doc: &str, values: &[EnumValue]) -> Enum {
    let mut taken = BTreeSet::new();
    let variants = values
        .iter()
        .map(|v| Variant {
            name: unique(camel(&v.value), &mut taken),
            value: v.value.clone(),
            doc: prose(&v.meaning),
        })
        .collect();
    Enum {
        name: name.to_string(),
        doc: prose(doc),
        variants,
    }
}

fn error_variants(errors: &[spec::ErrorCode]) -> Vec<ErrorVariant> {
    // One variant per code; a code listed with several messages documents them all.
    let mut by_code: BTreeMap<&str, Vec<&spec::ErrorCode>> = BTreeMap::new();
    let mut order = Vec::new();
    for e in errors {
        if !by_code.contains_key(e.code.as_str()) {
            order.push(e.code.as_str());
        }
        by_code.entry(e.code.as_str()).or_default().push(e);
    }
    let mut taken = BTreeSet::from([
        "Unhandled".to_string(),
        "Common".to_string(),
        "Sdk".to_string(),
    ]);
    order
        .into_iter()
        .map(|code| {
            let entries = &by_code[code];
            let mut doc = format!("`{code}`: {}", prose(entries[0].meaning.trim()));
            for e in entries {
                doc.push_str(&format!(
                    "\n\nHTTP {}: \"{}\"",
                    e.http_status,
                    e.message.trim()
                ));
            }
            ErrorVariant {
                name: unique(camel(code), &mut taken),
                code: code.to_string(),
                doc,
            }
        })
        .collect()
}

/// Spec prose made safe for rustdoc's Markdown: outside `code spans`, `<`, `>`, `[` and `]` are
/// escaped so that words like `<prefix>` are not read as HTML tags or links.
pub fn prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_code = false;
    for c in text.chars() {
        if c == '`' {
            in_code = !in_code;
        }
        if !in_code && matches!(c, '<' | '>' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Doc text of a field: description, allowed values, default, example, limits.
fn field_doc(f: &Field) -> String {
    let mut doc = prose(f.description.trim());
    if !f.values.is_empty() && f.ty != Type::Enum {
        doc.push_str("\n\nAllowed values:");
        for v in &f.values {
            doc.push_str(&format!("\n- `{}`: {}", v.value, prose(v.meaning.trim())));
        }
    }
    let l = &f.limits;
    let mut limits = Vec::new();
    if let Some(v) = l.min {
        limits.push(format!("at least {v}"));
    }
    if let Some(v) = l.max {
        limits.push(format!("at most {v}"));
    }
    if let Some(v) = l.min_length {
        limits.push(format!("at least {v} characters"));
    }
    if let Some(v) = l.max_length {
        limits.push(format!("at most {v} characters"));
    }
    if let Some(v) = l.max_items {
        limits.push(format!("at most {v} items"));
    }
    if !limits.is_empty() {
        doc.push_str(&format!("\n\nLimits: {}.", limits.join(", ")));
    }
    for h in &f.history {
        for (key, value) in &h.was {
            if key == "name" {
                doc.push_str(&format!(
                    "\n\nDocument `{}` ({}) names it `{value}`.",
                    h.source.doc, h.source.section
                ));
            }
        }
    }
    if let Some(d) = &f.default {
        doc.push_str(&format!("\n\nDefault: `{d}`."));
    }
    if let Some(e) = &f.example {
        if !f.sensitive {
            doc.push_str(&format!("\n\nExample: `{e}`."));
        }
    }
    doc
}
