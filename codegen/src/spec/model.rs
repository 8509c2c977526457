//! The validated spec model: what `spec/` says, with every YAML detail resolved.
//!
//! Nothing here knows about Rust names; those are decided once, later, in [`crate::ir`].
//! Every item keeps its [`Loc`] so that later checks can still point at the file.

use std::fmt;

/// A place in a spec file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    /// The file, as given to the loader (relative to the spec root's parent when loaded from disk).
    pub file: String,
    /// Line, 1-based.
    pub line: usize,
    /// Column, 1-based.
    pub col: usize,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}

/// The whole spec: the documents facts are cited from, and every product.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Source documents, oldest first.
    pub documents: Vec<Document>,
    /// Products, sorted by folder name.
    pub products: Vec<Product>,
}

impl Spec {
    /// The product whose folder is `folder` (e.g. `r-kvstore`).
    pub fn product(&self, folder: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.folder == folder)
    }
}

/// One source document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Short id used by `source.doc`.
    pub id: String,
    /// File name under `shared/seeds/`.
    pub file: String,
    /// What the document is.
    pub title: String,
    /// The date it describes (free text).
    pub date: String,
}

/// Where a fact came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// A [`Document::id`].
    pub doc: String,
    /// Section, table or heading.
    pub section: String,
}

/// One product at one API version (`spec/<folder>/<version>/`).
#[derive(Debug, Clone)]
pub struct Product {
    /// Folder name, e.g. `r-kvstore`.
    pub folder: String,
    /// Product code, e.g. `R-kvstore`.
    pub code: String,
    /// API version, e.g. `2015-01-01`.
    pub api_version: String,
    /// Human name.
    pub title: String,
    /// Our description.
    pub description: String,
    /// Where the service facts come from.
    pub source: Source,
    /// Endpoint rules.
    pub endpoints: Endpoints,
    /// Named shared types.
    pub types: Vec<NamedType>,
    /// Service-wide error codes.
    pub errors: Vec<ErrorCode>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Where `service.yaml` starts.
    pub loc: Loc,
}

impl Product {
    /// The named type called `name`.
    pub fn named_type(&self, name: &str) -> Option<&NamedType> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The operation called `name`.
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }
}

/// How a region maps to a host.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Endpoints {
    /// Host for the regions in `global_regions`.
    pub global: Option<String>,
    /// Regions served by `global`.
    pub global_regions: Vec<String>,
    /// Host pattern with `{region}`.
    pub regional: String,
    /// VPC host pattern with `{region}`.
    pub vpc: Option<String>,
    /// Region → host, checked first.
    pub overrides: Vec<(String, String)>,
}

/// A named shared type.
#[derive(Debug, Clone)]
pub struct NamedType {
    /// UpperCamelCase name, unique in the product.
    pub name: String,
    /// Object or enum.
    pub kind: NamedKind,
    /// Our description.
    pub description: String,
    /// Where it comes from.
    pub source: Source,
    /// Older facts.
    pub history: Vec<History>,
    /// Where it is declared.
    pub loc: Loc,
}

/// What a named type is.
#[derive(Debug, Clone)]
pub enum NamedKind {
    /// A structure with members.
    Object(Vec<Field>),
    /// A closed set of string values.
    Enum(Vec<EnumValue>),
}

/// HTTP method the SDK sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
}

impl Method {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One operation (one `Action`).
#[derive(Debug, Clone)]
pub struct Operation {
    /// The Action value.
    pub name: String,
    /// One line.
    pub summary: String,
    /// Longer prose, if any.
    pub description: Option<String>,
    /// Where it comes from.
    pub source: Source,
    /// What the SDK sends.
    pub method: Method,
    /// Why the method differs from the documents, if it does.
    pub method_note: Option<String>,
    /// Safe to repeat.
    pub idempotent: bool,
    /// Deprecated by the service.
    pub deprecated: bool,
    /// Request parameters.
    pub parameters: Vec<Field>,
    /// Response fields.
    pub response: Vec<Field>,
    /// Documented error codes.
    pub errors: Vec<ErrorCode>,
    /// Sample request and response.
    pub examples: Option<Examples>,
    /// Older facts about the whole operation.
    pub history: Vec<History>,
    /// Where the file starts.
    pub loc: Loc,
}

impl Operation {
    /// The request parameter called `name`.
    pub fn parameter(&self, name: &str) -> Option<&Field> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// The response field called `name`.
    pub fn response_field(&self, name: &str) -> Option<&Field> {
        self.response.iter().find(|p| p.name == name)
    }

    /// The parameter that carries the idempotency token, if any.
    pub fn idempotency_token(&self) -> Option<&Field> {
        self.parameters.iter().find(|p| p.idempotency_token)
    }
}

/// A request parameter, response field or object member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Wire name.
    pub name: String,
    /// Type.
    pub ty: Type,
    /// Request parameters: must be given.
    pub required: bool,
    /// Documented default (text, already checked against the type).
    pub default: Option<String>,
    /// Documented example (text, already checked against the type).
    pub example: Option<String>,
    /// Our description.
    pub description: String,
    /// Documented value set.
    pub values: Vec<EnumValue>,
    /// Enum only: the Rust type name chosen in the spec.
    pub type_name: Option<String>,
    /// Documented limits.
    pub limits: Limits,
    /// List request parameters: how the list is written.
    pub style: ListStyle,
    /// List response fields: the extra JSON object level.
    pub wrapper: Option<String>,
    /// Request parameters: query or form body.
    pub location: Location,
    /// Request parameters: the idempotency token.
    pub idempotency_token: bool,
    /// A secret.
    pub sensitive: bool,
    /// Where it comes from.
    pub source: Source,
    /// Older facts.
    pub history: Vec<History>,
    /// Where it is declared.
    pub loc: Loc,
}

/// The type of a field.
#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    /// Text.
    String,
    /// 32-bit integer.
    Integer,
    /// 64-bit integer.
    Long,
    /// Floating point.
    Float,
    /// Boolean.
    Boolean,
    /// One of the field's `values`.
    Enum,
    /// A list of the inner type.
    List(Box<Type>),
    /// A string-keyed map of the inner type.
    Map(Box<Type>),
    /// A nested structure.
    Object(Vec<Field>),
    /// A string holding JSON, decoded to the named schema type if any.
    Json(Option<String>),
    /// A named type of the product.
    Named(String),
}

impl Type {
    /// The spec keyword of this type.
    pub fn keyword(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::Integer => "integer".into(),
            Type::Long => "long".into(),
            Type::Float => "float".into(),
            Type::Boolean => "boolean".into(),
            Type::Enum => "enum".into(),
            Type::List(inner) => format!("list<{}>", inner.keyword()),
            Type::Map(inner) => format!("map<{}>", inner.keyword()),
            Type::Object(_) => "object".into(),
            Type::Json(Some(s)) => format!("json<{s}>"),
            Type::Json(None) => "json".into(),
            Type::Named(n) => n.clone(),
        }
    }

    /// The members of this type or of its element type, if it is (a list or map of) an object.
    pub fn members(&self) -> Option<&[Field]> {
        match self {
            Type::Object(m) => Some(m),
            Type::List(inner) | Type::Map(inner) => inner.members(),
            _ => None,
        }
    }
}

/// One documented value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value as sent.
    pub value: String,
    /// What it means, in our words.
    pub meaning: String,
    /// Older facts.
    pub history: Vec<History>,
}

/// Documented limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    /// Smallest number.
    pub min: Option<f64>,
    /// Largest number.
    pub max: Option<f64>,
    /// Shortest text.
    pub min_length: Option<u64>,
    /// Longest text.
    pub max_length: Option<u64>,
    /// Most list items.
    pub max_items: Option<u64>,
}

impl Limits {
    /// True when no limit is set.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

/// How a list request parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListStyle {
    /// `Name.1`, `Name.2`, ...
    #[default]
    Repeat,
    /// One value, joined with commas.
    Comma,
    /// One value holding a JSON array.
    Json,
}

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Location {
    /// In the query string.
    #[default]
    Query,
    /// In an `application/x-www-form-urlencoded` body.
    Body,
}

/// One documented error code.
#[derive(Debug, Clone)]
pub struct ErrorCode {
    /// Dotted code.
    pub code: String,
    /// HTTP status.
    pub http_status: u16,
    /// Message, exactly as documented.
    pub message: String,
    /// Meaning in our words.
    pub meaning: String,
    /// Where it comes from.
    pub source: Source,
    /// Older facts.
    pub history: Vec<History>,
    /// Where it is declared.
    pub loc: Loc,
}

/// Sample request and response.
#[derive(Debug, Clone)]
pub struct Examples {
    /// Operation parameters of the sample request, in document order.
    pub request: Vec<(String, String)>,
    /// The sample JSON response (valid JSON).
    pub response: Option<String>,
    /// Where they come from.
    pub source: Source,
}

/// An older or disagreeing fact.
#[derive(Debug, Clone, PartialEq)]
pub struct History {
    /// The document that held it.
    pub source: Source,
    /// What differed, in our words.
    pub note: String,
    /// The differing keys as that document had them.
    pub was: Vec<(String, Raw)>,
}

/// A YAML value kept as written (for history).
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    /// A scalar.
    Scalar(String),
    /// A sequence.
    Seq(Vec<Raw>),
    /// A mapping, in order.
    Map(Vec<(String, Raw)>),
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Raw::Scalar(s) => f.write_str(s),
            Raw::Seq(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Raw::Map(entries) => {
                f.write_str("{")?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}
