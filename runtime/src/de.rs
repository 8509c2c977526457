//! Lenient response decoding. The service does not always send what its documents say: numbers
//! arrive as strings and strings as numbers (OrderId is documented as a string and sent as a
//! number), arrays arrive wrapped in an object (`{"Instances": {"KVStoreInstance": [...]}}`), and
//! some fields hold JSON inside a string. Generated response types use these functions through
//! `#[serde(deserialize_with = ...)]` so that such variations never fail a call.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// Untyped JSON, for JSON-in-a-string fields without a schema.
pub use serde_json::Value as JsonValue;

/// A scalar of any JSON kind, as text.
struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Text from a string, number or boolean; `null` is `None`.
pub fn opt_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(TextVisitor)
}

/// Text from a string, number or boolean; `null` is the empty string. For enum values.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(d.deserialize_any(TextVisitor)?.unwrap_or_default())
}

macro_rules! lenient_number {
    ($name:ident, $t:ty, $what:literal) => {
        #[doc = concat!("A ", $what, " from a JSON number or a numeric string; `null` or `\"\"` is `None`.")]
        pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<$t>, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Option<$t>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str(concat!("a ", $what, " or a string holding one"))
                }
                fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                    <$t>::try_from(v).map(Some).map_err(|_| E::custom(format!("{v} is out of range for a {}", $what)))
                }
                fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                    <$t>::try_from(v).map(Some).map_err(|_| E::custom(format!("{v} is out of range for a {}", $what)))
                }
                fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
                    if v.fract() == 0.0 && v >= <$t>::MIN as f64 && v <= <$t>::MAX as f64 {
                        Ok(Some(v as $t))
                    } else {
                        Err(E::custom(format!("{v} is not a whole {}", $what)))
                    }
                }
                fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                    let t = v.trim();
                    if t.is_empty() {
                        return Ok(None);
                    }
                    t.parse::<$t>()
                        .map(Some)
                        .map_err(|_| E::custom(format!("`{v}` is not a {}", $what)))
                }
                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }
                fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
                    d.deserialize_any(self)
                }
            }
            d.deserialize_any(V)
        }
    };
}

lenient_number!(opt_i32, i32, "32-bit integer");
lenient_number!(opt_i64, i64, "64-bit integer");

/// A float from a JSON number or a numeric string; `null` or `""` is `None`.
pub fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    match opt_string(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| de::Error::custom(format!("`{s}` is not a number"))),
    }
}

/// A boolean from `true`/`false` (any case, as JSON booleans or strings) or `1`/`0`.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match opt_string(d)? {
        None => Ok(None),
        Some(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Ok(Some(true)),
            "false" | "0" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(de::Error::custom(format!("`{s}` is not a boolean"))),
        },
    }
}

/// A list from a JSON array, from an object wrapping the array (`{"Item": [...]}`, the wrapper
/// name is not checked so that a renamed wrapper still decodes), or from `null`/absent (empty).
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ListVisitor(PhantomData))
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array, or an object wrapping an array")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            out.push(item);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(_key) = map.next_key::<IgnoredAny>()? {
            let items: MaybeList<T> = map.next_value()?;
            out.extend(items.0);
        }
        Ok(out)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        // Some services send an empty string for an empty list.
        if v.trim().is_empty() {
            Ok(Vec::new())
        } else {
            Err(E::invalid_type(de::Unexpected::Str(v), &self))
        }
    }
}

/// The value inside a wrapper object: an array gives its items, a single object one item,
/// anything else none.
struct MaybeList<T>(Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for MaybeList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = MaybeList<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                ListVisitor(PhantomData).visit_seq(seq).map(MaybeList)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let one = T::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(MaybeList(vec![one]))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
                Ok(MaybeList(Vec::new()))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(MaybeList(Vec::new()))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(MaybeList(Vec::new()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(MaybeList(Vec::new()))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(MaybeList(Vec::new()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(MaybeList(Vec::new()))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A list of text values, each from a string, number or boolean.
pub fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let items: Vec<LenientText> = list(d)?;
    Ok(items.into_iter().filter_map(|t| t.0).collect())
}

struct LenientText(Option<String>);

impl<'de> Deserialize<'de> for LenientText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        opt_string(d).map(LenientText)
    }
}

/// A field that holds JSON inside a string (or, from some servers, the JSON itself), decoded into
/// `T` with the raw text kept.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonString<T> {
    raw: String,
    value: Option<T>,
    error: Option<String>,
}

impl<T> JsonString<T> {
    /// The text as the service sent it.
    pub fn raw(&self) -> &str {
        &self.raw
    }

    /// The decoded value, when the text was valid for `T`.
    pub fn value(&self) -> Option<&T> {
        self.value.as_ref()
    }

    /// Why the text could not be decoded, if it could not.
    pub fn decode_error(&self) -> Option<&str> {
        self.error.as_deref()
    }
}

impl<T: DeserializeOwned> JsonString<T> {
    /// Decodes `raw`; a decoding failure is kept, not returned, so the raw text stays usable.
    pub fn from_raw(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        match serde_json::from_str(&raw) {
            Ok(v) => JsonString {
                raw,
                value: Some(v),
                error: None,
            },
            Err(e) => JsonString {
                raw,
                value: None,
                error: Some(e.to_string()),
            },
        }
    }
}

impl<T: serde::Serialize> JsonString<T> {
    /// Wraps a value, with its JSON text as the raw form.
    pub fn from_value(value: T) -> Self {
        match serde_json::to_string(&value) {
            Ok(raw) => JsonString {
                raw,
                value: Some(value),
                error: None,
            },
            Err(e) => JsonString {
                raw: String::new(),
                value: Some(value),
                error: Some(e.to_string()),
            },
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for JsonString<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        Ok(match v {
            serde_json::Value::String(s) => JsonString::from_raw(s),
            other => JsonString::from_raw(other.to_string()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Out {
        #[serde(default, deserialize_with = "opt_string")]
        order_id: Option<String>,
        #[serde(default, deserialize_with = "opt_i64")]
        port: Option<i64>,
        #[serde(default, deserialize_with = "opt_bool")]
        flag: Option<bool>,
        #[serde(default, deserialize_with = "list")]
        items: Vec<Item>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Item {
        #[serde(rename = "Id", default, deserialize_with = "opt_string")]
        id: Option<String>,
    }

    #[test]
    fn numbers_and_strings_cross_over() {
        let o: Out = serde_json::from_str(
            r#"{"order_id": 1011111111111111, "port": "6379", "flag": "True"}"#,
        )
        .expect("parses");
        assert_eq!(o.order_id.as_deref(), Some("1011111111111111"));
        assert_eq!(o.port, Some(6379));
        assert_eq!(o.flag, Some(true));
        assert!(o.items.is_empty());
    }

    #[test]
    fn wrapped_and_bare_arrays_both_decode() {
        let wrapped: Out =
            serde_json::from_str(r#"{"items": {"KVStoreInstance": [{"Id": "a"}, {"Id": 2}]}}"#)
                .expect("parses");
        let bare: Out =
            serde_json::from_str(r#"{"items": [{"Id": "a"}, {"Id": "2"}]}"#).expect("parses");
        assert_eq!(wrapped, bare);
        assert_eq!(bare.items.len(), 2);
    }

    #[test]
    fn a_wrapper_holding_one_object_gives_one_item() {
        let o: Out = serde_json::from_str(r#"{"items": {"Item": {"Id": "x"}}}"#).expect("parses");
        assert_eq!(
            o.items,
            [Item {
                id: Some("x".into())
            }]
        );
    }

    #[test]
    fn bad_numbers_are_errors_not_panics() {
        let e = serde_json::from_str::<Out>(r#"{"port": "abc"}"#).expect_err("fails");
        assert!(
            e.to_string().contains("`abc` is not a 64-bit integer"),
            "{e}"
        );
    }

    #[test]
    fn json_strings_keep_raw_text() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Cfg {
            a: i64,
        }
        let from_string: JsonString<Cfg> = serde_json::from_str(r#""{\"a\": 1}""#).expect("parses");
        assert_eq!(from_string.raw(), r#"{"a": 1}"#);
        assert_eq!(from_string.value(), Some(&Cfg { a: 1 }));
        let from_object: JsonString<Cfg> = serde_json::from_str(r#"{"a": 2}"#).expect("parses");
        assert_eq!(from_object.value(), Some(&Cfg { a: 2 }));
        let broken: JsonString<Cfg> = serde_json::from_str(r#""not json""#).expect("parses");
        assert_eq!(broken.raw(), "not json");
        assert!(broken.value().is_none() && broken.decode_error().is_some());
    }
}
