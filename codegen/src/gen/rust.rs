//! Intermediate model → Rust tokens. One function per generated item kind; every name comes from
//! [`crate::ir`].

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Enum, ErrorVariant, FieldIr, Operation, Product, Struct, TypeIr};
use crate::spec::{ListStyle, Location, Method};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn doc(text: &str) -> TokenStream {
    // One attribute per line keeps the rendered `///` comments readable.
    let lines: Vec<TokenStream> = text
        .trim()
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {}", l.trim_end())
            };
            quote!(#[doc = #l])
        })
        .collect();
    quote!(#(#lines)*)
}

fn inner_doc(text: &str) -> TokenStream {
    let lines: Vec<TokenStream> = text
        .trim()
        .lines()
        .map(|l| {
            let l = if l.is_empty() {
                String::new()
            } else {
                format!(" {}", l.trim_end())
            };
            quote!(#![doc = #l])
        })
        .collect();
    quote!(#(#lines)*)
}

/// The Rust type of a field's value (without `Option`).
fn value_type(ty: &TypeIr) -> TokenStream {
    match ty {
        TypeIr::String => quote!(String),
        TypeIr::I32 => quote!(i32),
        TypeIr::I64 => quote!(i64),
        TypeIr::F64 => quote!(f64),
        TypeIr::Bool => quote!(bool),
        TypeIr::Enum(n) | TypeIr::Struct(n) => {
            let n = ident(n);
            quote!(#n)
        }
        TypeIr::List(inner) => {
            let inner = value_type(inner);
            quote!(Vec<#inner>)
        }
        TypeIr::Map(inner) => {
            let inner = value_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeIr::Json(Some(n)) => {
            let n = ident(n);
            quote!(alicloud_runtime::de::JsonString<#n>)
        }
        TypeIr::Json(None) => {
            quote!(alicloud_runtime::de::JsonString<alicloud_runtime::de::JsonValue>)
        }
    }
}

/// A response field: lists are plain `Vec`s (empty when absent), everything else an `Option`.
/// A response field; `serialized` when the structure is also written back as JSON text, where
/// absent members are left out.
fn response_field(f: &FieldIr, serialized: bool) -> TokenStream {
    let name = ident(&f.name);
    let wire = &f.wire;
    let docs = doc(&f.doc);
    let (ty, with) = match &f.ty {
        TypeIr::String => (
            quote!(Option<String>),
            Some("alicloud_runtime::de::opt_string"),
        ),
        TypeIr::I32 => (quote!(Option<i32>), Some("alicloud_runtime::de::opt_i32")),
        TypeIr::I64 => (quote!(Option<i64>), Some("alicloud_runtime::de::opt_i64")),
        TypeIr::F64 => (quote!(Option<f64>), Some("alicloud_runtime::de::opt_f64")),
        TypeIr::Bool => (quote!(Option<bool>), Some("alicloud_runtime::de::opt_bool")),
        TypeIr::List(inner) => {
            let t = value_type(&f.ty);
            let with = if **inner == TypeIr::String {
                "alicloud_runtime::de::string_list"
            } else {
                "alicloud_runtime::de::list"
            };
            (t, Some(with))
        }
        other => {
            let t = value_type(other);
            (quote!(Option<#t>), None)
        }
    };
    let skip = match (&f.ty, serialized) {
        (_, false) => quote!(),
        (TypeIr::List(_), true) => quote!(skip_serializing_if = "Vec::is_empty",),
        (_, true) => quote!(skip_serializing_if = "Option::is_none",),
    };
    let attr = match with {
        Some(w) => quote!(#[serde(rename = #wire, default, #skip deserialize_with = #w)]),
        None => quote!(#[serde(rename = #wire, default, #skip)]),
    };
    quote! {
        #docs
        #attr
        pub #name: #ty,
    }
}

/// Tokens for one generated enum.
pub fn enum_item(e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let docs = doc(&e.doc);
    let variants = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let d = doc(&format!("`{}`: {}", v.value, v.doc));
        quote!(#d #vn,)
    });
    let as_str = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let val = &v.value;
        quote!(#name::#vn => #val,)
    });
    let from = e.variants.iter().map(|v| {
        let vn = ident(&v.name);
        let val = &v.value;
        quote!(#val => #name::#vn,)
    });
    let values = e.variants.iter().map(|v| &v.value);
    quote! {
        #docs
        ///
        /// Values the SDK does not know yet arrive as `Unknown` and are sent back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this SDK does not know, kept as sent.
            Unknown(String),
        }

        impl #name {
            /// Every documented value.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as the service sends it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    #name::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => #name::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                #name::from(value.as_str())
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(#name::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl alicloud_runtime::params::ParamValue for #name {
            fn to_param(&self) -> String {
                self.as_str().to_owned()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                alicloud_runtime::de::text(deserializer).map(#name::from)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    }
}

/// Tokens for one generated structure.
pub fn struct_item(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(&s.doc);
    if s.usage.request && !s.usage.response {
        return request_struct(s);
    }
    let fields = s.fields.iter().map(|f| response_field(f, s.usage.json));
    let derives = if s.usage.json {
        quote!(#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize, serde::Serialize)])
    } else {
        quote!(#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)])
    };
    let write = if s.usage.request {
        let setters = s.fields.iter().map(|f| setter_for(f, true));
        let write = write_params_impl(s);
        quote! {
            impl #name {
                /// An empty value; set members with the methods below.
                pub fn new() -> Self {
                    Self::default()
                }
                #(#setters)*
            }
            #write
        }
    } else {
        quote!()
    };
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #write
    }
}

/// A structure only ever sent: optional members with chainable setters.
fn request_struct(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(&s.doc);
    let fields = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let t = storage_type(f);
        let d = doc(&f.doc);
        quote!(#d pub #n: Option<#t>,)
    });
    let setters = s.fields.iter().map(setter);
    let write = write_params_impl(s);
    quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// An empty value; set members with the methods below.
            pub fn new() -> Self {
                Self::default()
            }
            #(#setters)*
        }
        #write
    }
}

fn write_params_impl(s: &Struct) -> TokenStream {
    let name = ident(&s.name);
    // A structure that is also read from responses stores lists as plain `Vec`s and JSON text as
    // `JsonString`.
    let response_style = s.usage.response;
    let writes = s.fields.iter().map(|f| {
        let n = ident(&f.name);
        let wire = &f.wire;
        let key_format = format!("{{prefix}}.{}", wire.replace('{', "{{").replace('}', "}}"));
        match (&f.ty, response_style) {
            (TypeIr::List(_), true) => {
                let write = write_value(f, quote!(out), quote!(key.as_str()), quote!(&self.#n));
                quote! {
                    if !self.#n.is_empty() {
                        let key = format!(#key_format);
                        #write
                    }
                }
            }
            (TypeIr::Json(_), true) => quote! {
                if let Some(value) = &self.#n {
                    out.push(format!(#key_format), value.raw());
                }
            },
            _ => {
                let write = write_value(f, quote!(out), quote!(key.as_str()), quote!(value));
                quote! {
                    if let Some(value) = &self.#n {
                        let key = format!(#key_format);
                        #write
                    }
                }
            }
        }
    });
    quote! {
        impl alicloud_runtime::params::WriteParams for #name {
            fn write_params(&self, prefix: &str, out: &mut alicloud_runtime::params::Params) {
                #(#writes)*
            }
        }
    }
}

/// How a builder or request structure stores a field's value.
fn storage_type(f: &FieldIr) -> TokenStream {
    if f.sensitive {
        quote!(alicloud_runtime::secret::Secret)
    } else {
        match &f.ty {
            TypeIr::Json(Some(n)) => {
                let n = ident(n);
                quote!(#n)
            }
            TypeIr::Json(None) => quote!(String),
            other => value_type(other),
        }
    }
}

/// A chainable setter for a builder or request structure field.
fn setter(f: &FieldIr) -> TokenStream {
    setter_for(f, false)
}

/// A setter; `response_style` when the field is stored as a response field (lists as plain
/// `Vec`s, JSON text as `JsonString`), as in structures that travel both ways.
fn setter_for(f: &FieldIr, response_style: bool) -> TokenStream {
    let n = ident(&f.name);
    let mut text = f.doc.clone();
    if f.required {
        text.push_str("\n\nRequired.");
    }
    let d = doc(&text);
    let (arg, conv) = if f.sensitive {
        (
            quote!(impl Into<String>),
            quote!(alicloud_runtime::secret::Secret::new(value.into())),
        )
    } else {
        match &f.ty {
            TypeIr::String | TypeIr::Json(None) => {
                (quote!(impl Into<String>), quote!(value.into()))
            }
            TypeIr::Enum(e) => {
                let e = ident(e);
                (quote!(impl Into<#e>), quote!(value.into()))
            }
            TypeIr::List(inner) => {
                let inner = value_type(inner);
                (
                    quote!(impl IntoIterator<Item = impl Into<#inner>>),
                    quote!(value.into_iter().map(Into::into).collect()),
                )
            }
            other => {
                let t = storage_type(&FieldIr {
                    ty: other.clone(),
                    ..f.clone()
                });
                (quote!(#t), quote!(value))
            }
        }
    };
    let (arg, conv) = match (&f.ty, response_style) {
        (TypeIr::Json(Some(schema)), true) => {
            let schema = ident(schema);
            (
                quote!(#schema),
                quote!(alicloud_runtime::de::JsonString::from_value(value)),
            )
        }
        (TypeIr::Json(None), true) => (
            quote!(impl Into<String>),
            quote!(alicloud_runtime::de::JsonString::from_raw(value.into())),
        ),
        _ => (arg, conv),
    };
    let assign = if response_style && matches!(f.ty, TypeIr::List(_)) {
        quote!(self.#n = #conv;)
    } else {
        quote!(self.#n = Some(#conv);)
    };
    quote! {
        #d
        pub fn #n(mut self, value: #arg) -> Self {
            #assign
            self
        }
    }
}

/// Statements writing `value` (a reference to the stored value) under `key` into `out`.
fn write_value(f: &FieldIr, out: TokenStream, key: TokenStream, value: TokenStream) -> TokenStream {
    write_value_at(f, out, key, value, false)
}

/// `top_level`: inside a builder's `build()`, where a failure can be returned.
fn write_value_at(
    f: &FieldIr,
    out: TokenStream,
    key: TokenStream,
    value: TokenStream,
    top_level: bool,
) -> TokenStream {
    match &f.ty {
        TypeIr::List(inner) => {
            let style = match f.style {
                ListStyle::Repeat => quote!(Repeat),
                ListStyle::Comma => quote!(Comma),
                ListStyle::Json => quote!(Json),
            };
            match **inner {
                TypeIr::Struct(_) => quote!(#out.push_object_list(#key, #value);),
                _ => {
                    quote!(#out.push_list(#key, #value, alicloud_runtime::params::ListStyle::#style);)
                }
            }
        }
        TypeIr::Map(_) => quote!(#out.push_map(#key, #value);),
        TypeIr::Struct(_) => quote!(#out.push_object(#key, #value);),
        TypeIr::Json(Some(_)) if !f.sensitive && !top_level => {
            // Generated structures serialize to JSON objects with string keys, which cannot fail.
            quote!(let _ = #out.push_json(#key, #value);)
        }
        TypeIr::Json(Some(_)) if !f.sensitive => {
            let wire = &f.wire;
            quote! {
                if let Err(error) = #out.push_json(#key, #value) {
                    return Err(alicloud_runtime::error::SdkError::Construction {
                        operation: Self::OPERATION,
                        parameter: #wire.to_owned(),
                        reason: format!("cannot be written as JSON: {error}"),
                    });
                }
            }
        }
        _ => quote!(#out.push(#key, #value);),
    }
}

/// The file of one operation: builder, output and error.
pub fn operation_file(p: &Product, op: &Operation) -> TokenStream {
    let module_doc = inner_doc(&format!("The `{}` operation.", op.wire));
    let builder = builder_item(op);
    let output = output_item(op);
    let error = error_item(p, op);
    quote! {
        #module_doc
        #[allow(unused_imports)]
        use super::*;
        #builder
        #output
        #error
    }
}

fn builder_item(op: &Operation) -> TokenStream {
    let name = ident(&op.builder);
    let output = ident(&op.output);
    let error = ident(&op.error);
    let wire = &op.wire;
    let docs = doc(&format!(
        "{}\n\nCreated by `Client::{}`; set parameters with the methods of this type, then call \
         [`send`]({}::send).",
        op.doc, op.method_name, op.builder
    ));
    let fields = op.params.iter().map(|f| {
        let n = ident(&f.name);
        let t = storage_type(f);
        quote!(#n: Option<#t>,)
    });
    let inits = op.params.iter().map(|f| {
        let n = ident(&f.name);
        quote!(#n: None,)
    });
    let setters = op.params.iter().map(setter);
    let writes = op.params.iter().map(|f| {
        let n = ident(&f.name);
        let w = &f.wire;
        let target = match f.location {
            Location::Query => quote!(query),
            Location::Body => quote!(form),
        };
        let write = write_value_at(f, target, quote!(#w), quote!(value), true);
        if f.required {
            quote! {
                match &self.#n {
                    Some(value) => { #write }
                    None => return Err(missing(#w)),
                }
            }
        } else {
            quote! {
                if let Some(value) = &self.#n {
                    #write
                }
            }
        }
    });
    let method = match op.method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
    };
    let idempotent = op.idempotent;
    let token = match &op.idempotency_token {
        Some(t) => quote!(Some(#t)),
        None => quote!(None),
    };
    let send_doc = doc(&format!(
        "Sends the request and decodes the response.\n\n# Errors\n[`{}`] with the service's \
         error code, or the SDK error that stopped the call.",
        op.error
    ));
    let any_required = op.params.iter().any(|f| f.required);
    let missing_fn = if any_required {
        quote! {
            let missing = |parameter: &str| alicloud_runtime::error::SdkError::Construction {
                operation: Self::OPERATION,
                parameter: parameter.to_owned(),
                reason: "is required but was not set".to_owned(),
            };
        }
    } else {
        quote!()
    };
    let has_query = op.params.iter().any(|f| f.location == Location::Query);
    let has_form = op.params.iter().any(|f| f.location == Location::Body);
    let query_decl = if has_query {
        quote!(let mut query = alicloud_runtime::params::Params::new();)
    } else {
        quote!(let query = alicloud_runtime::params::Params::new();)
    };
    let form_decl = if has_form {
        quote!(let mut form = alicloud_runtime::params::Params::new();)
    } else {
        quote!(let form = alicloud_runtime::params::Params::new();)
    };
    quote! {
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until `send` is called"]
        pub struct #name {
            client: alicloud_runtime::client::Client,
            #(#fields)*
            timeout: Option<std::time::Duration>,
        }

        impl #name {
            /// The action name sent to the service.
            pub const OPERATION: &'static str = #wire;

            pub(crate) fn new(client: alicloud_runtime::client::Client) -> Self {
                Self {
                    client,
                    #(#inits)*
                    timeout: None,
                }
            }

            #(#setters)*

            /// Replaces the client's read timeout for this call.
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.timeout = Some(timeout);
                self
            }

            /// Checks the parameters and flattens them as they will be sent, without sending.
            ///
            /// # Errors
            /// [`SdkError::Construction`](alicloud_runtime::error::SdkError::Construction) naming
            /// the first required parameter that is not set.
            pub fn build(&self) -> Result<alicloud_runtime::client::Operation, alicloud_runtime::error::SdkError> {
                #missing_fn
                #query_decl
                #form_decl
                #(#writes)*
                Ok(alicloud_runtime::client::Operation {
                    name: Self::OPERATION,
                    method: alicloud_runtime::sign::HttpMethod::#method,
                    idempotent: #idempotent,
                    idempotency_token: #token,
                    query: query.into_pairs(),
                    form: form.into_pairs(),
                    timeout: self.timeout,
                })
            }

            #send_doc
            pub async fn send(self) -> Result<#output, #error> {
                let operation = self.build().map_err(#error::Sdk)?;
                let response = self.client.call(operation).await?;
                response.json(Self::OPERATION).map_err(#error::Sdk)
            }
        }
    }
}

fn output_item(op: &Operation) -> TokenStream {
    let name = ident(&op.output);
    let docs = doc(&format!("The response of `{}`.", op.wire));
    let fields = op.response.iter().map(|f| response_field(f, false));
    quote! {
        #docs
        #[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn error_variants(variants: &[ErrorVariant]) -> TokenStream {
    let vs = variants.iter().map(|v| {
        let n = ident(&v.name);
        let d = doc(&v.doc);
        quote!(#d #n(alicloud_runtime::error::ServiceError),)
    });
    quote!(#(#vs)*)
}

fn error_item(p: &Product, op: &Operation) -> TokenStream {
    let name = ident(&op.error);
    let docs =
        doc(&format!(
        "Why `{}` failed: a documented error code of the operation{}, an unknown code, or an SDK \
         error (invalid input, credentials, endpoint, transport, timeout, undecodable response).",
        op.wire,
        if p.common_errors.is_empty() { "" } else { " or of the service" }
    ));
    let variants = error_variants(&op.errors);
    let has_common = !p.common_errors.is_empty();
    let common_ident = ident(&p.common_error_name);
    let common_variant = if has_common {
        quote! {
            /// A service-wide error code.
            Common(#common_ident),
        }
    } else {
        quote!()
    };
    let match_arms = op.errors.iter().map(|v| {
        let n = ident(&v.name);
        let c = &v.code;
        quote!(#c => #name::#n(error),)
    });
    let fallback = if has_common {
        quote! {
            match #common_ident::from_service(error) {
                Ok(common) => #name::Common(common),
                Err(error) => #name::Unhandled(error),
            }
        }
    } else {
        quote!(#name::Unhandled(error))
    };
    let sort = if op.errors.is_empty() {
        fallback
    } else {
        quote! {
            match error.code() {
                #(#match_arms)*
                _ => #fallback,
            }
        }
    };
    // Every variant that carries a ServiceError, as one or-pattern.
    let service_variants = op
        .errors
        .iter()
        .map(|v| {
            let n = ident(&v.name);
            quote!(#name::#n(e))
        })
        .chain(std::iter::once(quote!(#name::Unhandled(e))));
    let service_pattern = quote!(#(#service_variants)|*);
    let common_service_arm = if has_common {
        quote!(#name::Common(e) => Some(e.service_error()),)
    } else {
        quote!()
    };
    let common_inner_arm = if has_common {
        quote!(#name::Common(e) => e,)
    } else {
        quote!()
    };
    quote! {
        #docs
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #variants
            #common_variant
            /// A service error code this SDK does not list for the operation; carries the code,
            /// message, request id and HTTP status.
            Unhandled(alicloud_runtime::error::ServiceError),
            /// The call failed outside the service's error codes.
            Sdk(alicloud_runtime::error::SdkError),
        }

        impl #name {
            /// Sorts a service error into its variant.
            pub fn from_service(error: alicloud_runtime::error::ServiceError) -> Self {
                #sort
            }

            /// The service's error document, when the service answered with one.
            pub fn service_error(&self) -> Option<&alicloud_runtime::error::ServiceError> {
                match self {
                    #common_service_arm
                    #name::Sdk(e) => e.service_error(),
                    // Every other variant carries the ServiceError itself.
                    other => other.inner().downcast_ref(),
                }
            }

            /// The error this one wraps, whichever variant it is.
            fn inner(&self) -> &(dyn std::error::Error + 'static) {
                match self {
                    #service_pattern => e,
                    #common_inner_arm
                    #name::Sdk(e) => e,
                }
            }

            /// The service's error code, if it sent one.
            pub fn code(&self) -> Option<&str> {
                self.service_error().map(alicloud_runtime::error::ServiceError::code)
            }

            /// The request id, if the service sent one.
            pub fn request_id(&self) -> Option<&str> {
                match self {
                    #name::Sdk(e) => e.request_id(),
                    other => other.service_error().and_then(alicloud_runtime::error::ServiceError::request_id),
                }
            }

            /// The HTTP status, if a response arrived.
            pub fn status(&self) -> Option<u16> {
                match self {
                    #name::Sdk(e) => e.status(),
                    other => other.service_error().map(alicloud_runtime::error::ServiceError::status),
                }
            }
        }

        impl From<alicloud_runtime::error::SdkError> for #name {
            fn from(error: alicloud_runtime::error::SdkError) -> Self {
                match error {
                    alicloud_runtime::error::SdkError::Service(e) => #name::from_service(e),
                    other => #name::Sdk(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.inner(), f)
            }
        }

        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.inner())
            }
        }
    }
}

/// The product's `mod.rs`: module list, endpoint rules, client, service-wide errors.
pub fn product_mod(p: &Product, example: &str) -> TokenStream {
    let module_doc = inner_doc(&format!(
        "{} ({}, API version {}).\n\n{}\n\n# Example\n\n```no_run\n{}\n```",
        p.title,
        p.code,
        p.version,
        p.description.trim(),
        example
    ));
    let mods = p.operations.iter().map(|op| {
        let m = ident(&op.method_name);
        quote! {
            mod #m;
            pub use #m::*;
        }
    });
    let e = &p.endpoints;
    let global = match &e.global {
        Some(g) => quote!(Some(#g)),
        None => quote!(None),
    };
    let global_regions = &e.global_regions;
    let regional = &e.regional;
    let vpc = match &e.vpc {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let overrides = e.overrides.iter().map(|(r, h)| quote!((#r, #h)));
    let code = &p.code;
    let version = &p.version;
    let methods = p.operations.iter().map(|op| {
        let m = ident(&op.method_name);
        let b = ident(&op.builder);
        let first_line = op.doc.lines().next().unwrap_or_default();
        let d = doc(&format!("{first_line}\n\nSee [`{}`].", op.builder));
        quote! {
            #d
            pub fn #m(&self) -> #b {
                #b::new(self.inner.clone())
            }
        }
    });
    let common = if p.common_errors.is_empty() {
        quote!()
    } else {
        common_error_item(p)
    };
    let client_doc = doc(&format!(
        "A client for {} ({}). Cheap to clone; clones share connections.",
        p.title, p.code
    ));
    quote! {
        #module_doc
        mod types;
        pub use types::*;
        #(#mods)*

        /// Where this product's endpoints are.
        pub static ENDPOINTS: alicloud_runtime::endpoint::EndpointRules = alicloud_runtime::endpoint::EndpointRules {
            global: #global,
            global_regions: &[#(#global_regions),*],
            regional: #regional,
            vpc: #vpc,
            overrides: &[#(#overrides),*],
        };

        /// The product code, API version and endpoints this module calls.
        pub static PRODUCT: alicloud_runtime::client::ProductInfo = alicloud_runtime::client::ProductInfo {
            product: #code,
            version: #version,
            endpoints: &ENDPOINTS,
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: alicloud_runtime::client::Client,
        }

        impl Client {
            /// A client using `config`'s credentials, region, endpoint, timeouts and retries.
            pub fn new(config: &alicloud_runtime::client::ClientConfig) -> Self {
                Client {
                    inner: alicloud_runtime::client::Client::new(config, &PRODUCT),
                }
            }

            #(#methods)*
        }

        #common
    }
}

fn common_error_item(p: &Product) -> TokenStream {
    let name = ident(&p.common_error_name);
    let variants = error_variants(&p.common_errors);
    let arms = p.common_errors.iter().map(|v| {
        let n = ident(&v.name);
        let c = &v.code;
        quote!(#c => Ok(#name::#n(error)),)
    });
    let get_arms = p.common_errors.iter().map(|v| {
        let n = ident(&v.name);
        quote!(#name::#n(e) => e,)
    });
    let docs = doc(&format!(
        "The service-wide error codes of {}: any operation may return them.",
        p.code
    ));
    quote! {
        #docs
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #variants
        }

        impl #name {
            /// The variant for `error`'s code, or `error` back when the code is not service-wide.
            ///
            /// # Errors
            /// The unchanged error when its code is not a service-wide code.
            #[allow(clippy::result_large_err)]
            pub fn from_service(error: alicloud_runtime::error::ServiceError) -> Result<Self, alicloud_runtime::error::ServiceError> {
                match error.code() {
                    #(#arms)*
                    _ => Err(error),
                }
            }

            /// The service's error document.
            pub fn service_error(&self) -> &alicloud_runtime::error::ServiceError {
                match self {
                    #(#get_arms)*
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.service_error(), f)
            }
        }

        impl std::error::Error for #name {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(self.service_error())
            }
        }
    }
}

/// The product's `types.rs`: enums and structures.
pub fn types_file(p: &Product) -> TokenStream {
    let module_doc = inner_doc(&format!("Enums and structures of {}.", p.code));
    let enums = p.enums.iter().map(enum_item);
    let structs = p.structs.iter().map(struct_item);
    quote! {
        #module_doc
        #(#enums)*
        #(#structs)*
    }
}

/// A Rust expression for `text` as a value of `ty`, for generated tests; `None` for types that
/// have no literal form.
pub fn literal(ty: &TypeIr, text: &str) -> Option<TokenStream> {
    Some(match ty {
        TypeIr::String | TypeIr::Json(None) => {
            let l = Literal::string(text);
            quote!(#l)
        }
        TypeIr::I32 => {
            let v: i32 = text.trim().parse().ok()?;
            let l = Literal::i32_suffixed(v);
            quote!(#l)
        }
        TypeIr::I64 => {
            let v: i64 = text.trim().parse().ok()?;
            let l = Literal::i64_suffixed(v);
            quote!(#l)
        }
        TypeIr::F64 => {
            let v: f64 = text.trim().parse().ok()?;
            let l = Literal::f64_suffixed(v);
            quote!(#l)
        }
        TypeIr::Bool => match text {
            "true" => quote!(true),
            "false" => quote!(false),
            _ => return None,
        },
        TypeIr::Enum(e) => {
            let e = format_ident!("{}", e);
            quote!(#e::from(#text))
        }
        _ => return None,
    })
}
