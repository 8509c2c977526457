//! Request parameters as the RPC protocol flattens them: `Name`, `Name.1`, `Name.1.Member`,
//! `Name.Member`. Generated builders write their typed fields through this module, so the
//! flattening rules live in one place.

use std::collections::BTreeMap;

/// A value that can be sent as one request parameter.
pub trait ParamValue {
    /// The text sent on the wire (before percent-encoding).
    fn to_param(&self) -> String;
}

impl ParamValue for String {
    fn to_param(&self) -> String {
        self.clone()
    }
}

impl ParamValue for str {
    fn to_param(&self) -> String {
        self.to_owned()
    }
}

impl ParamValue for bool {
    /// Booleans are sent as `true` / `false`.
    fn to_param(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_param!(i32, i64, u32, u64, f64);

impl ParamValue for crate::secret::Secret {
    fn to_param(&self) -> String {
        self.expose().to_owned()
    }
}

/// A structure that writes its members under a prefix (`SystemDisk.Category`, `Tag.1.Key`).
pub trait WriteParams {
    /// Writes every set member as `<prefix>.<Member>`.
    fn write_params(&self, prefix: &str, out: &mut Params);
}

/// How a list parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `Name.1`, `Name.2`, ... (1-based).
    Repeat,
    /// One parameter, the values joined with commas.
    Comma,
    /// One parameter holding a JSON array of the values as strings.
    Json,
}

/// The flattened parameters of one request, in the order they were written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Params::default()
    }

    /// Adds `name=value`.
    pub fn push<V: ParamValue + ?Sized>(&mut self, name: impl Into<String>, value: &V) {
        self.pairs.push((name.into(), value.to_param()));
    }

    /// Adds `name=value` when a value is set.
    pub fn push_opt<V: ParamValue + ?Sized>(&mut self, name: &str, value: Option<&V>) {
        if let Some(v) = value {
            self.push(name, v);
        }
    }

    /// Adds a list of values in the given style. An empty list sends nothing.
    pub fn push_list<V: ParamValue>(&mut self, name: &str, items: &[V], style: ListStyle) {
        if items.is_empty() {
            return;
        }
        match style {
            ListStyle::Repeat => {
                for (i, item) in items.iter().enumerate() {
                    self.push(format!("{name}.{}", i + 1), item);
                }
            }
            ListStyle::Comma => {
                let joined: Vec<String> = items.iter().map(ParamValue::to_param).collect();
                self.pairs.push((name.to_owned(), joined.join(",")));
            }
            ListStyle::Json => {
                let values: Vec<String> = items.iter().map(ParamValue::to_param).collect();
                let text = serde_json::to_string(&values).unwrap_or_default();
                self.pairs.push((name.to_owned(), text));
            }
        }
    }

    /// Adds a nested structure as `name.Member`.
    pub fn push_object<W: WriteParams>(&mut self, name: &str, item: &W) {
        item.write_params(name, self);
    }

    /// Adds a list of structures as `name.1.Member`, `name.2.Member`, ...
    pub fn push_object_list<W: WriteParams>(&mut self, name: &str, items: &[W]) {
        for (i, item) in items.iter().enumerate() {
            item.write_params(&format!("{name}.{}", i + 1), self);
        }
    }

    /// Adds a map as `name.key=value`.
    pub fn push_map<V: ParamValue>(&mut self, name: &str, map: &BTreeMap<String, V>) {
        for (k, v) in map {
            self.push(format!("{name}.{k}"), v);
        }
    }

    /// Adds a value serialized as JSON text (a JSON-in-a-string parameter).
    pub fn push_json<T: serde::Serialize>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let text = serde_json::to_string(value)?;
        self.pairs.push((name.to_owned(), text));
        Ok(())
    }

    /// The pairs, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The value of `name`, if written.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Takes the pairs.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }

    /// True when nothing was written.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tag {
        key: Option<String>,
        value: Option<String>,
    }

    impl WriteParams for Tag {
        fn write_params(&self, prefix: &str, out: &mut Params) {
            out.push_opt(&format!("{prefix}.Key"), self.key.as_ref());
            out.push_opt(&format!("{prefix}.Value"), self.value.as_ref());
        }
    }

    #[test]
    fn lists_repeat_with_one_based_indices() {
        let mut p = Params::new();
        p.push_list(
            "InstanceIds",
            &["a".to_string(), "b".to_string()],
            ListStyle::Repeat,
        );
        assert_eq!(
            p.pairs(),
            [
                ("InstanceIds.1".to_string(), "a".to_string()),
                ("InstanceIds.2".to_string(), "b".to_string())
            ]
        );
    }

    #[test]
    fn comma_and_json_lists_are_one_parameter() {
        let mut p = Params::new();
        p.push_list("Ids", &["a".to_string(), "b".to_string()], ListStyle::Comma);
        p.push_list("Json", &[1i32, 2], ListStyle::Json);
        assert_eq!(p.get("Ids"), Some("a,b"));
        assert_eq!(p.get("Json"), Some(r#"["1","2"]"#));
    }

    #[test]
    fn nested_objects_flatten_with_dots() {
        let mut p = Params::new();
        let tags = [
            Tag {
                key: Some("k1".into()),
                value: Some("v1".into()),
            },
            Tag {
                key: Some("k2".into()),
                value: None,
            },
        ];
        p.push_object_list("Tag", &tags);
        p.push_object(
            "SystemDisk",
            &Tag {
                key: Some("x".into()),
                value: None,
            },
        );
        let names: Vec<&str> = p.pairs().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            ["Tag.1.Key", "Tag.1.Value", "Tag.2.Key", "SystemDisk.Key"]
        );
    }

    #[test]
    fn booleans_are_lower_case_words() {
        let mut p = Params::new();
        p.push("AutoPay", &true);
        p.push("ForceUpgrade", &false);
        assert_eq!(p.get("AutoPay"), Some("true"));
        assert_eq!(p.get("ForceUpgrade"), Some("false"));
    }
}
