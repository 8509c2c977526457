//! Compares a typed response with the example JSON it was decoded from, field by field.
//!
//! A test names every field of the example next to the typed field that must hold it:
//!
//! ```text
//! let mut c = Checker::example("DescribeInstances");
//! c.eq("RequestId", &out.request_id);
//! c.list("Instances", &out.instances, |c, i| {
//!     c.eq("InstanceId", &i.instance_id);
//! });
//! c.finish();
//! ```
//!
//! [`Checker::finish`] fails the test when a value differs and also when a field of the example
//! was never named, so a field the SDK drops cannot slip through unnoticed. Values are compared
//! after serializing the typed value to JSON, with the crossings the service is known for
//! allowed: a number sent as a string (`"6379"` for an integer field) or a string field holding
//! a number (`OrderId: 1011111111111111`), and `"true"`/`"false"` for booleans.

use std::collections::BTreeSet;
use std::fmt::Debug;

use alicloud_runtime::de::{JsonString, JsonValue};
use serde::Serialize;
use serde_json::{Map, Value};

/// Walks one JSON object of the example.
#[derive(Debug)]
pub struct Checker {
    path: String,
    object: Map<String, Value>,
    seen: BTreeSet<String>,
    failures: Vec<String>,
}

impl Checker {
    /// The checker of `operation`'s example response in the repository's spec.
    ///
    /// # Panics
    /// When the operation or its example does not exist, or the example is not a JSON object.
    pub fn example(operation: &str) -> Checker {
        Checker::new(&crate::support::example_response(operation))
    }

    /// The checker of a JSON object given as text.
    ///
    /// # Panics
    /// When `json` is not a JSON object.
    pub fn new(json: &str) -> Checker {
        match serde_json::from_str::<Value>(json) {
            Ok(Value::Object(object)) => Checker::at(String::new(), object),
            other => panic!("the example is not a JSON object: {other:?}\n{json}"),
        }
    }

    fn at(path: String, object: Map<String, Value>) -> Checker {
        Checker {
            path,
            object,
            seen: BTreeSet::new(),
            failures: Vec::new(),
        }
    }

    fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        self.seen.insert(key.to_owned());
        self.object.get(key).cloned()
    }

    fn fail(&mut self, message: String) {
        self.failures.push(message);
    }

    /// `actual` (serialized to JSON) must equal the example's `key`; an absent or `null` example
    /// field must be `None`.
    pub fn eq<T: Serialize + Debug>(&mut self, key: &str, actual: &T) {
        let expected = self.take(key).unwrap_or(Value::Null);
        let actual_json = match serde_json::to_value(actual) {
            Ok(v) => v,
            Err(e) => {
                let path = self.path_of(key);
                self.fail(format!("{path}: cannot serialize {actual:?}: {e}"));
                return;
            }
        };
        if !same(&expected, &actual_json) {
            let path = self.path_of(key);
            self.fail(format!(
                "{path}: example has {expected}, typed value is {actual:?}"
            ));
        }
    }

    /// The example's `key` is a list (possibly wrapped one level deeper,
    /// `{"Instances": {"KVStoreInstance": [...]}}`) of objects; `actual` must have as many items,
    /// and `each` checks every pair.
    pub fn list<T>(&mut self, key: &str, actual: &[T], mut each: impl FnMut(&mut Checker, &T)) {
        let path = self.path_of(key);
        let (items, path) = match self.take(key) {
            None | Some(Value::Null) => (Vec::new(), path),
            Some(Value::Array(items)) => (items, path),
            Some(Value::Object(wrapper)) if wrapper.len() == 1 => {
                let (inner, value) = wrapper.into_iter().next().expect("one entry");
                match value {
                    Value::Array(items) => (items, format!("{path}.{inner}")),
                    other => {
                        self.fail(format!("{path}.{inner}: example is not a list: {other}"));
                        return;
                    }
                }
            }
            Some(other) => {
                self.fail(format!("{path}: example is not a list: {other}"));
                return;
            }
        };
        if items.len() != actual.len() {
            self.fail(format!(
                "{path}: example has {} items, typed value has {}",
                items.len(),
                actual.len()
            ));
        }
        for (i, (item, typed)) in items.into_iter().zip(actual).enumerate() {
            let item_path = format!("{path}[{i}]");
            match item {
                Value::Object(object) => {
                    let mut child = Checker::at(item_path, object);
                    each(&mut child, typed);
                    self.absorb(child);
                }
                other => self.fail(format!(
                    "{item_path}: example item is not an object: {other}"
                )),
            }
        }
    }

    /// The example's `key` is a list of scalars; `actual` must hold the same values.
    pub fn scalars<T: Serialize + Debug>(&mut self, key: &str, actual: &[T]) {
        let path = self.path_of(key);
        let expected = match self.take(key) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items,
            Some(Value::Object(wrapper)) if wrapper.len() == 1 => {
                match wrapper.into_iter().next().map(|(_, v)| v) {
                    Some(Value::Array(items)) => items,
                    other => {
                        self.fail(format!("{path}: example is not a list: {other:?}"));
                        return;
                    }
                }
            }
            Some(other) => {
                self.fail(format!("{path}: example is not a list: {other}"));
                return;
            }
        };
        let typed: Vec<Value> = actual
            .iter()
            .map(|v| serde_json::to_value(v).unwrap_or(Value::Null))
            .collect();
        if expected.len() != typed.len() || !expected.iter().zip(&typed).all(|(e, a)| same(e, a)) {
            self.fail(format!(
                "{path}: example has {expected:?}, typed value is {actual:?}"
            ));
        }
    }

    /// The example's `key` is an object; `actual` must be present and `check` compares its fields.
    pub fn object<T>(
        &mut self,
        key: &str,
        actual: Option<&T>,
        check: impl FnOnce(&mut Checker, &T),
    ) {
        let path = self.path_of(key);
        match (self.take(key), actual) {
            (None | Some(Value::Null), None) => {}
            (Some(Value::Object(object)), Some(typed)) => {
                let mut child = Checker::at(path, object);
                check(&mut child, typed);
                self.absorb(child);
            }
            (expected, typed) => self.fail(format!(
                "{path}: example has {expected:?}, typed value is {}",
                if typed.is_some() { "present" } else { "absent" }
            )),
        }
    }

    /// The example's `key` is JSON text (or an inline object) decoded into a typed value;
    /// `actual` must have decoded without error and `check` compares its fields.
    pub fn json<T>(
        &mut self,
        key: &str,
        actual: &Option<JsonString<T>>,
        check: impl FnOnce(&mut Checker, &T),
    ) {
        let path = self.path_of(key);
        let Some(expected) = self.take(key).and_then(json_text_value) else {
            if actual.is_some() {
                self.fail(format!(
                    "{path}: example has no JSON, typed value is present"
                ));
            }
            return;
        };
        let Some(typed) = actual else {
            self.fail(format!(
                "{path}: example has {expected}, typed value is None"
            ));
            return;
        };
        let Some(value) = typed.value() else {
            self.fail(format!(
                "{path}: the JSON text did not decode: {:?} ({:?})",
                typed.decode_error(),
                typed.raw()
            ));
            return;
        };
        match expected {
            Value::Object(object) => {
                let mut child = Checker::at(path, object);
                check(&mut child, value);
                self.absorb(child);
            }
            other => self.fail(format!("{path}: example JSON is not an object: {other}")),
        }
    }

    /// The example's `key` is JSON text (or inline JSON) kept untyped; `actual` must equal it.
    pub fn json_value(&mut self, key: &str, actual: &Option<JsonString<JsonValue>>) {
        let path = self.path_of(key);
        let expected = self.take(key).and_then(json_text_value);
        let typed = actual.as_ref().map(|j| j.value().cloned());
        match (expected, typed) {
            (None, None) => {}
            (Some(e), Some(Some(a))) if e == a => {}
            (e, a) => self.fail(format!("{path}: example has {e:?}, typed value is {a:?}")),
        }
    }

    /// Marks `key` as deliberately not compared, with the reason (shown if the key is absent, so
    /// stale reasons are noticed).
    pub fn ignore(&mut self, key: &str, why: &str) {
        if self.take(key).is_none() {
            let path = self.path_of(key);
            self.fail(format!("{path}: ignored ({why}) but not in the example"));
        }
    }

    fn absorb(&mut self, child: Checker) {
        let unvisited = child.unvisited();
        self.failures.extend(child.failures);
        self.failures.extend(unvisited);
    }

    fn unvisited(&self) -> Vec<String> {
        self.object
            .keys()
            .filter(|k| !self.seen.contains(*k))
            .map(|k| format!("{}: in the example but not checked", self.path_of(k)))
            .collect()
    }

    /// The problems found so far, including example fields never named.
    pub fn problems(&self) -> Vec<String> {
        let mut all = self.failures.clone();
        all.extend(self.unvisited());
        all
    }

    /// Fails the test if any value differed or any example field was not checked.
    ///
    /// # Panics
    /// With the list of problems.
    pub fn finish(self) {
        let problems = self.problems();
        assert!(
            problems.is_empty(),
            "the typed response differs from the example:\n  {}",
            problems.join("\n  ")
        );
    }
}

/// A JSON-in-a-string value parsed, or an inline JSON value as it is; `None` for null.
fn json_text_value(value: Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(serde_json::from_str(&text).unwrap_or(Value::String(text))),
        other => Some(other),
    }
}

/// Equality with the crossings the service is known for (see the module docs).
pub fn same(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (e, a) if e == a => true,
        (Value::String(e), Value::Number(a)) => match (e.trim().parse::<f64>(), a.as_f64()) {
            (Ok(e), Some(a)) => e == a,
            _ => false,
        },
        (Value::Number(e), Value::String(a)) => e.to_string() == *a,
        (Value::Number(e), Value::Number(a)) => e.as_f64() == a.as_f64(),
        (Value::String(e), Value::Bool(a)) => e.eq_ignore_ascii_case(&a.to_string()),
        (Value::Bool(e), Value::String(a)) => a.eq_ignore_ascii_case(&e.to_string()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_that_are_allowed() {
        use serde_json::json;
        assert!(same(&json!("6379"), &json!(6379)));
        assert!(same(
            &json!(1011111111111111u64),
            &json!("1011111111111111")
        ));
        assert!(same(&json!("false"), &json!(false)));
        assert!(same(&json!(1.5), &json!(1.5)));
        assert!(!same(&json!("6379"), &json!(6380)));
        assert!(!same(&json!("a"), &json!(null)));
        assert!(!same(&json!(null), &json!("a")));
        assert!(!same(&json!(""), &json!(null)));
    }

    #[test]
    fn unchecked_and_differing_fields_are_reported() {
        let mut c = Checker::new(r#"{"A": 1, "B": {"W": [{"X": "x", "Y": 2}]}, "C": "c"}"#);
        c.eq("A", &Some(2));
        c.list("B", &[Some("x")], |c, x| c.eq("X", x));
        let problems = c.problems();
        assert_eq!(
            problems,
            [
                "A: example has 1, typed value is Some(2)",
                "B.W[0].Y: in the example but not checked",
                "C: in the example but not checked",
            ]
        );
    }

    #[test]
    fn list_lengths_and_json_text_are_compared() {
        let mut c = Checker::new(r#"{"L": [{"X": 1}, {"X": 2}], "J": "{\"k\": [1]}"}"#);
        c.list("L", &[1], |c, x| c.eq("X", &Some(*x)));
        c.json_value("J", &Some(JsonString::from_raw(r#"{"k": [1]}"#)));
        assert_eq!(c.problems(), ["L: example has 2 items, typed value has 1"]);
    }
}
