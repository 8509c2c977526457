//! YAML → spec model. Reads the node tree with positions (marked-yaml), checks the shape of every
//! mapping (known keys, value kinds) and builds the model. Cross-reference checks live in
//! [`super::validate`]. Problems are collected, never panicked on; a broken item is skipped so
//! that the rest of the file is still checked.

use marked_yaml::types::{MarkedMappingNode, MarkedScalarNode, MarkedSequenceNode};
use marked_yaml::{LoadError, LoaderOptions, Node, Span};

use super::diag::Sink;
use super::model::*;

/// Reads one file's nodes, reporting problems against that file.
pub(crate) struct Reader<'s> {
    pub(crate) file: String,
    pub(crate) sink: &'s mut Sink,
    /// The enclosing item's source, inherited by items without one.
    source_stack: Vec<Source>,
}

/// Parses YAML text into a node tree, or reports the syntax error with its place.
pub(crate) fn parse(file: &str, text: &str, sink: &mut Sink) -> Option<Node> {
    let options = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .toplevel_mapping();
    match marked_yaml::parse_yaml_with_options(0, text, options) {
        Ok(node) => Some(node),
        Err(err) => {
            let (line, col, message, help) = describe_load_error(&err);
            sink.error(
                Loc {
                    file: file.to_string(),
                    line,
                    col,
                },
                message,
                help,
            );
            None
        }
    }
}

fn describe_load_error(err: &LoadError) -> (usize, usize, String, String) {
    let at = |m: &marked_yaml::Marker| (m.line(), m.column());
    match err {
        LoadError::TopLevelMustBeMapping(m) => {
            let (l, c) = at(m);
            (
                l,
                c,
                "the file must be a YAML mapping".into(),
                "start with `key: value` lines as spec/README.md shows".into(),
            )
        }
        LoadError::TopLevelMustBeSequence(m) => {
            let (l, c) = at(m);
            (
                l,
                c,
                "the file must be a YAML sequence".into(),
                String::new(),
            )
        }
        LoadError::UnexpectedAnchor(m) => {
            let (l, c) = at(m);
            (
                l,
                c,
                "YAML anchors and aliases are not supported".into(),
                "write the value out in full".into(),
            )
        }
        LoadError::MappingKeyMustBeScalar(m) => {
            let (l, c) = at(m);
            (
                l,
                c,
                "a mapping key must be a plain name".into(),
                String::new(),
            )
        }
        LoadError::UnexpectedTag(m) => {
            let (l, c) = at(m);
            (
                l,
                c,
                "YAML tags (`!name`) are not supported".into(),
                "remove the tag".into(),
            )
        }
        LoadError::ScanError(m, e) => {
            let (l, c) = at(m);
            #[allow(deprecated)]
            let what = std::error::Error::description(e).to_string();
            (
                l,
                c,
                format!("invalid YAML: {what}"),
                "check the indentation and quoting on this line and the one before".into(),
            )
        }
        LoadError::DuplicateKey(inner) => {
            let key = &inner.key;
            let (l, c) = key.span().start().map(at).unwrap_or((1, 1));
            let prev = inner
                .prev_key
                .span()
                .start()
                .map(|m| format!("{}:{}", m.line(), m.column()))
                .unwrap_or_else(|| "?".into());
            (
                l,
                c,
                format!("duplicate key `{}` (first at {prev})", key.as_str()),
                "keep one of them".into(),
            )
        }
    }
}

/// Which side of the call a field is on; named-type members can be on either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Request,
    Response,
    Either,
}

/// Keys allowed on a field (parameter, response field, member).
const FIELD_KEYS: &[&str] = &[
    "name",
    "type",
    "required",
    "default",
    "example",
    "description",
    "values",
    "type_name",
    "limits",
    "items",
    "members",
    "style",
    "wrapper",
    "schema",
    "location",
    "idempotency_token",
    "sensitive",
    "source",
    "history",
];

impl<'s> Reader<'s> {
    pub(crate) fn new(file: &str, sink: &'s mut Sink) -> Self {
        Reader {
            file: file.to_string(),
            sink,
            source_stack: Vec::new(),
        }
    }

    pub(crate) fn loc(&self, span: &Span) -> Loc {
        let (line, col) = span
            .start()
            .map(|m| (m.line(), m.column()))
            .unwrap_or((1, 1));
        Loc {
            file: self.file.clone(),
            line,
            col,
        }
    }

    /// Where a mapping item starts: its first key (a block mapping's own span starts later).
    pub(crate) fn item_loc(&self, map: &MarkedMappingNode) -> Loc {
        match map.keys().next() {
            Some(k) => self.loc(k.span()),
            None => self.loc(map.span()),
        }
    }

    pub(crate) fn error(
        &mut self,
        span: &Span,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let loc = self.loc(span);
        self.sink.error(loc, message, help);
    }

    pub(crate) fn as_map<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
    ) -> Option<&'n MarkedMappingNode> {
        match node {
            Node::Mapping(m) => Some(m),
            other => {
                self.error(
                    other.span(),
                    format!(
                        "{what} must be a mapping (`key: value` lines), found {}",
                        kind(other)
                    ),
                    "",
                );
                None
            }
        }
    }

    fn as_seq<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n MarkedSequenceNode> {
        match node {
            Node::Sequence(s) => Some(s),
            other => {
                self.error(
                    other.span(),
                    format!(
                        "{what} must be a list (`- ...` items), found {}",
                        kind(other)
                    ),
                    "",
                );
                None
            }
        }
    }

    fn as_scalar<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n MarkedScalarNode> {
        match node {
            Node::Scalar(s) => Some(s),
            other => {
                self.error(
                    other.span(),
                    format!("{what} must be a single value, found {}", kind(other)),
                    "",
                );
                None
            }
        }
    }

    /// Reports every key of `map` not in `allowed`.
    pub(crate) fn check_keys(&mut self, map: &MarkedMappingNode, allowed: &[&str], what: &str) {
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let help = match closest(key.as_str(), allowed) {
                    Some(c) => format!("did you mean `{c}`? allowed keys: {}", allowed.join(", ")),
                    None => format!("allowed keys: {}", allowed.join(", ")),
                };
                self.error(
                    key.span(),
                    format!("unknown key `{}` in {what}", key.as_str()),
                    help,
                );
            }
        }
    }

    fn missing(&mut self, map: &MarkedMappingNode, key: &str, what: &str) {
        self.error(
            map.span(),
            format!("{what} has no `{key}`"),
            format!("add `{key}:`"),
        );
    }

    /// A scalar's text, or None for YAML null (`~`, `null`, nothing).
    fn text(s: &MarkedScalarNode) -> Option<String> {
        let t = s.as_str();
        if s.may_coerce() && matches!(t, "" | "~" | "null" | "Null" | "NULL") {
            None
        } else {
            Some(t.to_string())
        }
    }

    pub(crate) fn opt_str(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Option<String> {
        let node = map.get_node(key)?;
        let s = self.as_scalar(node, &format!("`{key}` of {what}"))?;
        Self::text(s)
    }

    pub(crate) fn req_str(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Option<String> {
        match map.get_node(key) {
            None => {
                self.missing(map, key, what);
                None
            }
            Some(node) => {
                let s = self.as_scalar(node, &format!("`{key}` of {what}"))?;
                match Self::text(s) {
                    Some(t) if !t.trim().is_empty() => Some(t),
                    _ => {
                        self.error(
                            s.span(),
                            format!("`{key}` of {what} is empty"),
                            "give it a value",
                        );
                        None
                    }
                }
            }
        }
    }

    pub(crate) fn opt_bool(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Option<bool> {
        let node = map.get_node(key)?;
        let s = self.as_scalar(node, &format!("`{key}` of {what}"))?;
        match (s.may_coerce(), s.as_str()) {
            (true, "true") => Some(true),
            (true, "false") => Some(false),
            (_, other) => {
                self.error(
                    s.span(),
                    format!("`{key}` of {what} must be true or false, found `{other}`"),
                    "write true or false without quotes",
                );
                None
            }
        }
    }

    fn opt_number<T: std::str::FromStr>(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        what: &str,
        kind: &str,
    ) -> Option<T> {
        let node = map.get_node(key)?;
        let s = self.as_scalar(node, &format!("`{key}` of {what}"))?;
        match s.as_str().trim().parse::<T>() {
            Ok(v) => Some(v),
            Err(_) => {
                self.error(
                    s.span(),
                    format!("`{key}` of {what} must be {kind}, found `{}`", s.as_str()),
                    "",
                );
                None
            }
        }
    }

    fn seq_items<'n>(
        &mut self,
        map: &'n MarkedMappingNode,
        key: &str,
        what: &str,
    ) -> Vec<&'n Node> {
        match map.get_node(key) {
            None => Vec::new(),
            Some(Node::Scalar(s)) if Self::text(s).is_none() => Vec::new(),
            Some(node) => match self.as_seq(node, &format!("`{key}` of {what}")) {
                Some(seq) => seq.iter().collect(),
                None => Vec::new(),
            },
        }
    }

    /// `source:` of this mapping, else the enclosing item's.
    fn source(&mut self, map: &MarkedMappingNode, what: &str) -> Option<Source> {
        match map.get_node("source") {
            Some(node) => self.read_source(node, what),
            None => match self.source_stack.last() {
                Some(s) => Some(s.clone()),
                None => {
                    self.missing(map, "source", what);
                    None
                }
            },
        }
    }

    fn read_source(&mut self, node: &Node, what: &str) -> Option<Source> {
        let what = format!("`source` of {what}");
        let map = self.as_map(node, &what)?;
        self.check_keys(map, &["doc", "section"], &what);
        let doc = self.req_str(map, "doc", &what);
        let section = self.req_str(map, "section", &what);
        Some(Source {
            doc: doc?,
            section: section?,
        })
    }

    fn with_source<T>(&mut self, source: &Option<Source>, f: impl FnOnce(&mut Self) -> T) -> T {
        let pushed = if let Some(s) = source {
            self.source_stack.push(s.clone());
            true
        } else {
            false
        };
        let out = f(self);
        if pushed {
            self.source_stack.pop();
        }
        out
    }

    pub(crate) fn raw(node: &Node) -> Raw {
        match node {
            Node::Scalar(s) => Raw::Scalar(s.as_str().to_string()),
            Node::Sequence(seq) => Raw::Seq(seq.iter().map(Self::raw).collect()),
            Node::Mapping(m) => Raw::Map(
                m.iter()
                    .map(|(k, v)| (k.as_str().to_string(), Self::raw(v)))
                    .collect(),
            ),
        }
    }

    fn history(
        &mut self,
        map: &MarkedMappingNode,
        what: &str,
        allowed_was: &[&str],
    ) -> Vec<History> {
        let mut out = Vec::new();
        for node in self.seq_items(map, "history", what) {
            let hwhat = format!("a history entry of {what}");
            let Some(h) = self.as_map(node, &hwhat) else {
                continue;
            };
            self.check_keys(h, &["source", "note", "was"], &hwhat);
            let source = match h.get_node("source") {
                Some(n) => self.read_source(n, &hwhat),
                None => {
                    self.missing(h, "source", &hwhat);
                    None
                }
            };
            let note = self.req_str(h, "note", &hwhat);
            let mut was = Vec::new();
            if let Some(w) = h.get_node("was") {
                if let Some(wm) = self.as_map(w, &format!("`was` of {hwhat}")) {
                    for (k, v) in wm.iter() {
                        if k.as_str() != "absent" && !allowed_was.contains(&k.as_str()) {
                            self.error(
                                k.span(),
                                format!(
                                    "`was` of {hwhat} names `{}`, which {what} does not have",
                                    k.as_str()
                                ),
                                format!("use one of: absent, {}", allowed_was.join(", ")),
                            );
                        }
                        was.push((k.as_str().to_string(), Self::raw(v)));
                    }
                }
            }
            if let (Some(source), Some(note)) = (source, note) {
                out.push(History { source, note, was });
            }
        }
        out
    }

    pub(crate) fn values(&mut self, map: &MarkedMappingNode, what: &str) -> Vec<EnumValue> {
        let mut out = Vec::new();
        for node in self.seq_items(map, "values", what) {
            let vwhat = format!("a value of {what}");
            let Some(v) = self.as_map(node, &vwhat) else {
                continue;
            };
            self.check_keys(v, &["value", "meaning", "history"], &vwhat);
            let value = match v.get_node("value") {
                None => {
                    self.missing(v, "value", &vwhat);
                    None
                }
                Some(n) => self.as_scalar(n, &vwhat).map(|s| s.as_str().to_string()),
            };
            let meaning = self.req_str(v, "meaning", &vwhat);
            let history = self.history(v, &vwhat, &["value", "meaning"]);
            if let (Some(value), Some(meaning)) = (value, meaning) {
                out.push(EnumValue {
                    value,
                    meaning,
                    history,
                });
            }
        }
        out
    }

    fn limits(&mut self, map: &MarkedMappingNode, what: &str) -> Limits {
        let Some(node) = map.get_node("limits") else {
            return Limits::default();
        };
        let what = format!("`limits` of {what}");
        let Some(l) = self.as_map(node, &what) else {
            return Limits::default();
        };
        self.check_keys(
            l,
            &["min", "max", "min_length", "max_length", "max_items"],
            &what,
        );
        Limits {
            min: self.opt_number(l, "min", &what, "a number"),
            max: self.opt_number(l, "max", &what, "a number"),
            min_length: self.opt_number(l, "min_length", &what, "a whole number"),
            max_length: self.opt_number(l, "max_length", &what, "a whole number"),
            max_items: self.opt_number(l, "max_items", &what, "a whole number"),
        }
    }

    /// Reads a list of fields (`parameters`, `response`, `members`).
    pub(crate) fn fields(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        what: &str,
        side: Side,
    ) -> Vec<Field> {
        let mut out = Vec::new();
        for node in self.seq_items(map, key, what) {
            if let Some(f) = self.field(node, key, what, side) {
                out.push(f);
            }
        }
        out
    }

    fn field(&mut self, node: &Node, key: &str, parent: &str, side: Side) -> Option<Field> {
        let role = match key {
            "parameters" => "parameter",
            "response" => "response field",
            _ => "member",
        };
        let map = self.as_map(node, &format!("a {role} of {parent}"))?;
        let name = map
            .get_scalar("name")
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| "?".into());
        let what = format!("{role} `{name}` of {parent}");
        self.check_keys(map, FIELD_KEYS, &what);
        let name = self.req_str(map, "name", &format!("a {role} of {parent}"));
        let source = self.source(map, &what);
        let loc = self.item_loc(map);
        let ty_text = self.req_str(map, "type", &what);
        let description = self.req_str(map, "description", &what);
        let required = self.opt_bool(map, "required", &what).unwrap_or(false);
        let default = self.opt_str(map, "default", &what);
        let example = self.opt_str(map, "example", &what);
        let values = self.values(map, &what);
        let type_name = self.opt_str(map, "type_name", &what);
        let limits = self.limits(map, &what);
        let wrapper = self.opt_str(map, "wrapper", &what);
        let idempotency_token = self
            .opt_bool(map, "idempotency_token", &what)
            .unwrap_or(false);
        let sensitive = self.opt_bool(map, "sensitive", &what).unwrap_or(false);
        let style = match self.opt_str(map, "style", &what).as_deref() {
            None | Some("repeat") => ListStyle::Repeat,
            Some("comma") => ListStyle::Comma,
            Some("json") => ListStyle::Json,
            Some(other) => {
                self.value_error(map, "style", &what, other, "repeat, comma or json");
                ListStyle::Repeat
            }
        };
        let location = match self.opt_str(map, "location", &what).as_deref() {
            None | Some("query") => Location::Query,
            Some("body") => Location::Body,
            Some(other) => {
                self.value_error(map, "location", &what, other, "query or body");
                Location::Query
            }
        };
        let history = self.history(map, &what, FIELD_KEYS);

        let ty = self.with_source(&source, |r| {
            r.field_type(map, ty_text.as_deref(), &what, side)
        })?;
        self.check_scalar_values(map, &ty, &values, &what);
        if required && default.is_some() {
            let span = map
                .get_node("default")
                .map(|n| *n.span())
                .unwrap_or(*map.span());
            self.error(
                &span,
                format!("{what} is required and has a default"),
                "a required parameter has no default: remove `default` or set `required: false`",
            );
        }

        // Keys that only make sense with some types.
        let is_list = matches!(ty, Type::List(_));
        let key_rules: [(&str, bool, &str); 5] = [
            (
                "items",
                matches!(ty, Type::List(_) | Type::Map(_)),
                "list and map",
            ),
            (
                "wrapper",
                is_list && side != Side::Request,
                "list response fields",
            ),
            (
                "style",
                is_list && side != Side::Response,
                "list request parameters",
            ),
            ("schema", matches!(ty, Type::Json(_)), "json"),
            ("type_name", ty == Type::Enum, "enum"),
        ];
        for (k, ok, only) in key_rules {
            if !ok {
                if let Some(n) = map.get_node(k) {
                    self.error(
                        n.span(),
                        format!("`{k}` is not allowed on {what}"),
                        format!("`{k}` is only for {only}"),
                    );
                }
            }
        }
        if side == Side::Response {
            for k in ["required", "location", "idempotency_token"] {
                if let Some(n) = map.get_node(k) {
                    self.error(
                        n.span(),
                        format!("`{k}` is not allowed on {what}"),
                        format!("`{k}` is only for request parameters"),
                    );
                }
            }
        }

        Some(Field {
            name: name?,
            ty,
            required,
            default,
            example,
            description: description?,
            values,
            type_name,
            limits,
            style,
            wrapper,
            location,
            idempotency_token,
            sensitive,
            source: source?,
            history,
            loc,
        })
    }

    /// Checks `example`, `default` and `values` against the type, at their own places.
    fn check_scalar_values(
        &mut self,
        map: &MarkedMappingNode,
        ty: &Type,
        values: &[EnumValue],
        what: &str,
    ) {
        for key in ["example", "default"] {
            let Some(Node::Scalar(s)) = map.get_node(key) else {
                continue;
            };
            let Some(text) = Self::text(s) else { continue };
            if let Some(problem) = value_problem(ty, values, &text) {
                self.error(
                    s.span(),
                    format!("`{key}` of {what} {problem}"),
                    fix_for(ty),
                );
            }
        }
        let value_nodes: Vec<&Node> = match map.get_node("values") {
            Some(Node::Sequence(seq)) => seq.iter().collect(),
            _ => Vec::new(),
        };
        let mut seen: Vec<&str> = Vec::new();
        for node in value_nodes {
            let Some(vm) = node.as_mapping() else {
                continue;
            };
            let Some(v) = vm.get_scalar("value") else {
                continue;
            };
            if seen.contains(&v.as_str()) {
                self.error(
                    v.span(),
                    format!("value `{}` of {what} is listed twice", v.as_str()),
                    "remove the repeated value",
                );
            }
            seen.push(v.as_str());
            let check = match ty {
                Type::Enum | Type::String => None,
                other => value_problem(other, &[], v.as_str()),
            };
            if let Some(problem) = check {
                self.error(v.span(), format!("value of {what} {problem}"), fix_for(ty));
            }
        }
        let allows_values = matches!(ty, Type::Enum | Type::String | Type::Integer | Type::Long);
        if !allows_values && !values.is_empty() {
            let span = map
                .get_node("values")
                .map(|n| *n.span())
                .unwrap_or(*map.span());
            self.error(
                &span,
                format!("`values` is not allowed on {what} of type {}", ty.keyword()),
                "`values` is for enum, string, integer and long",
            );
        }
        if *ty == Type::Enum && values.is_empty() && map.get_node("values").is_none() {
            self.missing(map, "values", what);
        }
    }

    fn value_error(
        &mut self,
        map: &MarkedMappingNode,
        key: &str,
        what: &str,
        found: &str,
        allowed: &str,
    ) {
        let span = map.get_node(key).map(|n| *n.span()).unwrap_or(*map.span());
        self.error(
            &span,
            format!("`{key}` of {what} is `{found}`"),
            format!("use {allowed}"),
        );
    }

    fn field_type(
        &mut self,
        map: &MarkedMappingNode,
        ty: Option<&str>,
        what: &str,
        side: Side,
    ) -> Option<Type> {
        let ty = ty?;
        let members_node = map.get_node("members");
        let members = |r: &mut Self| r.fields(map, "members", what, side);
        let items = self.opt_str(map, "items", what);
        let schema = self.opt_str(map, "schema", what);
        let t = match ty {
            "list" | "map" => {
                let Some(items) = items else {
                    self.missing(map, "items", what);
                    return None;
                };
                let inner = match items.as_str() {
                    "object" => Type::Object(members(self)),
                    other => match scalar_type(other) {
                        Some(t) => t,
                        None => {
                            self.value_error(
                                map,
                                "items",
                                what,
                                other,
                                "a scalar type, object or a named type",
                            );
                            return None;
                        }
                    },
                };
                if ty == "list" {
                    Type::List(Box::new(inner))
                } else {
                    Type::Map(Box::new(inner))
                }
            }
            "object" => Type::Object(members(self)),
            "json" => Type::Json(schema),
            other => match scalar_type(other) {
                Some(t) => t,
                None => {
                    self.value_error(
                        map,
                        "type",
                        what,
                        other,
                        "string, integer, long, float, boolean, enum, list, map, object, json or a named type (UpperCamelCase)",
                    );
                    return None;
                }
            },
        };
        let wants_members = t.members().is_some();
        if wants_members && members_node.is_none() {
            self.missing(map, "members", what);
        }
        if !wants_members {
            if let Some(n) = members_node {
                self.error(
                    n.span(),
                    format!("`members` is not allowed on {what}"),
                    "`members` is only for object, or list/map with `items: object`",
                );
            }
        }
        Some(t)
    }

    pub(crate) fn errors(&mut self, map: &MarkedMappingNode, what: &str) -> Vec<ErrorCode> {
        let mut out = Vec::new();
        for node in self.seq_items(map, "errors", what) {
            let ewhat = format!("an error code of {what}");
            let Some(e) = self.as_map(node, &ewhat) else {
                continue;
            };
            let keys = [
                "code",
                "http_status",
                "message",
                "meaning",
                "source",
                "history",
            ];
            self.check_keys(e, &keys, &ewhat);
            let code = self.req_str(e, "code", &ewhat);
            let ewhat = match &code {
                Some(c) => format!("error `{c}` of {what}"),
                None => ewhat,
            };
            let http_status = match e.get_node("http_status") {
                None => {
                    self.missing(e, "http_status", &ewhat);
                    None
                }
                Some(_) => {
                    self.opt_number::<u16>(e, "http_status", &ewhat, "an HTTP status such as 400")
                }
            };
            let message = self.req_str(e, "message", &ewhat);
            let meaning = self.req_str(e, "meaning", &ewhat);
            let source = self.source(e, &ewhat);
            let history = self.history(e, &ewhat, &keys);
            if let (Some(code), Some(http_status), Some(message), Some(meaning), Some(source)) =
                (code, http_status, message, meaning, source)
            {
                out.push(ErrorCode {
                    code,
                    http_status,
                    message,
                    meaning,
                    source,
                    history,
                    loc: self.item_loc(e),
                });
            }
        }
        out
    }

    /// Reads an operation file.
    pub(crate) fn operation(&mut self, root: &Node) -> Option<Operation> {
        let map = self.as_map(root, "an operation file")?;
        let name_hint = map
            .get_scalar("name")
            .map(|s| s.as_str().to_string())
            .unwrap_or_else(|| "?".into());
        let what = format!("operation `{name_hint}`");
        const KEYS: &[&str] = &[
            "name",
            "summary",
            "description",
            "source",
            "method",
            "method_note",
            "idempotent",
            "deprecated",
            "parameters",
            "response",
            "errors",
            "examples",
            "history",
        ];
        self.check_keys(map, KEYS, &what);
        let name = self.req_str(map, "name", "the operation");
        let summary = self.req_str(map, "summary", &what);
        let description = self.opt_str(map, "description", &what);
        let source = match map.get_node("source") {
            Some(n) => self.read_source(n, &what),
            None => {
                self.missing(map, "source", &what);
                None
            }
        };
        let method = match self.req_str(map, "method", &what).as_deref() {
            Some("POST") => Some(Method::Post),
            Some("GET") => Some(Method::Get),
            Some(other) => {
                self.value_error(map, "method", &what, other, "POST or GET");
                None
            }
            None => None,
        };
        let method_note = self.opt_str(map, "method_note", &what);
        let idempotent = self.opt_bool(map, "idempotent", &what).unwrap_or(false);
        let deprecated = self.opt_bool(map, "deprecated", &what).unwrap_or(false);
        let (parameters, response, errors, examples) = self.with_source(&source, |r| {
            (
                r.fields(map, "parameters", &what, Side::Request),
                r.fields(map, "response", &what, Side::Response),
                r.errors(map, &what),
                r.examples(map, &what),
            )
        });
        let history = self.history(map, &what, KEYS);
        Some(Operation {
            name: name?,
            summary: summary?,
            description,
            source: source?,
            method: method?,
            method_note,
            idempotent,
            deprecated,
            parameters,
            response,
            errors,
            examples,
            history,
            loc: self.item_loc(map),
        })
    }

    fn examples(&mut self, map: &MarkedMappingNode, what: &str) -> Option<Examples> {
        let node = map.get_node("examples")?;
        let what = format!("`examples` of {what}");
        let e = self.as_map(node, &what)?;
        self.check_keys(e, &["request", "response", "source"], &what);
        let mut request = Vec::new();
        if let Some(rn) = e.get_node("request") {
            if let Some(rm) = self.as_map(rn, &format!("`request` of {what}")) {
                for (k, v) in rm.iter() {
                    if let Some(s) =
                        self.as_scalar(v, &format!("request parameter `{}` of {what}", k.as_str()))
                    {
                        request.push((k.as_str().to_string(), s.as_str().to_string()));
                    }
                }
            }
        }
        let response = match e.get_node("response") {
            None => None,
            Some(n) => {
                let s = self.as_scalar(n, &format!("`response` of {what}"))?;
                if let Err(err) = serde_json::from_str::<serde_json::Value>(s.as_str()) {
                    self.error(
                        s.span(),
                        format!("`response` of {what} is not valid JSON: {err}"),
                        "repair the sample into valid JSON carrying the same values",
                    );
                }
                Some(s.as_str().to_string())
            }
        };
        let source = self.source(e, &what)?;
        Some(Examples {
            request,
            response,
            source,
        })
    }

    /// Reads `service.yaml` (without operations).
    pub(crate) fn service(&mut self, root: &Node, folder: &str) -> Option<Product> {
        let what = "service.yaml";
        let map = self.as_map(root, what)?;
        self.check_keys(
            map,
            &[
                "product",
                "api_version",
                "title",
                "description",
                "source",
                "endpoints",
                "types",
                "errors",
            ],
            what,
        );
        let code = self.req_str(map, "product", what);
        let api_version = self.req_str(map, "api_version", what);
        let title = self.req_str(map, "title", what);
        let description = self.req_str(map, "description", what);
        let source = match map.get_node("source") {
            Some(n) => self.read_source(n, what),
            None => {
                self.missing(map, "source", what);
                None
            }
        };
        let endpoints = match map.get_node("endpoints") {
            None => {
                self.missing(map, "endpoints", what);
                None
            }
            Some(n) => self.endpoints(n),
        };
        let (types, errors) =
            self.with_source(&source, |r| (r.named_types(map), r.errors(map, what)));
        Some(Product {
            folder: folder.to_string(),
            code: code?,
            api_version: api_version?,
            title: title?,
            description: description?,
            source: source?,
            endpoints: endpoints?,
            types,
            errors,
            operations: Vec::new(),
            loc: self.item_loc(map),
        })
    }

    fn endpoints(&mut self, node: &Node) -> Option<Endpoints> {
        let what = "`endpoints`";
        let map = self.as_map(node, what)?;
        self.check_keys(
            map,
            &["global", "global_regions", "regional", "vpc", "overrides"],
            what,
        );
        let global = self.opt_str(map, "global", what);
        let mut global_regions = Vec::new();
        for n in self.seq_items(map, "global_regions", what) {
            if let Some(s) = self.as_scalar(n, "a region of `global_regions`") {
                global_regions.push(s.as_str().to_string());
            }
        }
        let regional = self.req_str(map, "regional", what);
        let vpc = self.opt_str(map, "vpc", what);
        let mut overrides = Vec::new();
        if let Some(n) = map.get_node("overrides") {
            if let Some(m) = self.as_map(n, "`overrides` of `endpoints`") {
                for (k, v) in m.iter() {
                    if let Some(s) = self.as_scalar(v, "a host of `overrides`") {
                        overrides.push((k.as_str().to_string(), s.as_str().to_string()));
                    }
                }
            }
        }
        for (key, pattern) in [("regional", regional.as_deref()), ("vpc", vpc.as_deref())] {
            if let Some(p) = pattern {
                if !p.contains("{region}") {
                    let span = map.get_node(key).map(|n| *n.span()).unwrap_or(*map.span());
                    self.error(
                        &span,
                        format!("`{key}` endpoint pattern `{p}` has no `{{region}}`"),
                        "write the host with `{region}` where the region id goes",
                    );
                }
            }
        }
        if !global_regions.is_empty() && global.is_none() {
            self.missing(map, "global", "`endpoints` (it lists global_regions)");
        }
        Some(Endpoints {
            global,
            global_regions,
            regional: regional?,
            vpc,
            overrides,
        })
    }

    fn named_types(&mut self, map: &MarkedMappingNode) -> Vec<NamedType> {
        let mut out = Vec::new();
        for node in self.seq_items(map, "types", "service.yaml") {
            let Some(t) = self.as_map(node, "a named type") else {
                continue;
            };
            let hint = t
                .get_scalar("name")
                .map(|s| s.as_str().to_string())
                .unwrap_or_else(|| "?".into());
            let what = format!("named type `{hint}`");
            let keys = [
                "name",
                "kind",
                "description",
                "source",
                "members",
                "values",
                "history",
            ];
            self.check_keys(t, &keys, &what);
            let name = self.req_str(t, "name", "a named type");
            let description = self.req_str(t, "description", &what);
            let source = self.source(t, &what);
            let kind = match self.req_str(t, "kind", &what).as_deref() {
                Some("object") => {
                    if t.get_node("values").is_some() {
                        self.error(
                            t.span(),
                            format!("{what} is an object and cannot have `values`"),
                            "",
                        );
                    }
                    let members =
                        self.with_source(&source, |r| r.fields(t, "members", &what, Side::Either));
                    if members.is_empty() {
                        self.missing(t, "members", &what);
                    }
                    Some(NamedKind::Object(members))
                }
                Some("enum") => {
                    if t.get_node("members").is_some() {
                        self.error(
                            t.span(),
                            format!("{what} is an enum and cannot have `members`"),
                            "",
                        );
                    }
                    let values = self.values(t, &what);
                    if values.is_empty() {
                        self.missing(t, "values", &what);
                    }
                    Some(NamedKind::Enum(values))
                }
                Some(other) => {
                    self.value_error(t, "kind", &what, other, "object or enum");
                    None
                }
                None => None,
            };
            let history = self.history(t, &what, &keys);
            if let (Some(name), Some(kind), Some(description), Some(source)) =
                (name, kind, description, source)
            {
                out.push(NamedType {
                    name,
                    kind,
                    description,
                    source,
                    history,
                    loc: self.item_loc(t),
                });
            }
        }
        out
    }

    /// Reads `documents.yaml`.
    pub(crate) fn documents(&mut self, root: &Node) -> Vec<Document> {
        let mut out = Vec::new();
        let Some(map) = self.as_map(root, "documents.yaml") else {
            return out;
        };
        self.check_keys(map, &["documents"], "documents.yaml");
        for node in self.seq_items(map, "documents", "documents.yaml") {
            let Some(d) = self.as_map(node, "a document") else {
                continue;
            };
            self.check_keys(d, &["id", "file", "title", "date"], "a document");
            let id = self.req_str(d, "id", "a document");
            let file = self.req_str(d, "file", "a document");
            let title = self.req_str(d, "title", "a document");
            let date = self.req_str(d, "date", "a document");
            if let (Some(id), Some(file), Some(title), Some(date)) = (id, file, title, date) {
                out.push(Document {
                    id,
                    file,
                    title,
                    date,
                });
            }
        }
        out
    }
}

fn scalar_type(word: &str) -> Option<Type> {
    Some(match word {
        "string" => Type::String,
        "integer" => Type::Integer,
        "long" => Type::Long,
        "float" => Type::Float,
        "boolean" => Type::Boolean,
        "enum" => Type::Enum,
        "json" => Type::Json(None),
        named
            if named.starts_with(|c: char| c.is_ascii_uppercase())
                && named.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            Type::Named(named.to_string())
        }
        _ => return None,
    })
}

/// Why `text` is not a value of `ty`, if it is not.
pub(crate) fn value_problem(ty: &Type, values: &[EnumValue], text: &str) -> Option<String> {
    let ok = match ty {
        Type::Integer => text.trim().parse::<i32>().is_ok(),
        Type::Long => text.trim().parse::<i64>().is_ok(),
        Type::Float => text.trim().parse::<f64>().is_ok(),
        Type::Boolean => matches!(text, "true" | "false"),
        Type::Enum => {
            if values.iter().any(|v| v.value == text) {
                true
            } else {
                let allowed: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
                return Some(format!(
                    "`{text}` is not one of the values ({})",
                    allowed.join(", ")
                ));
            }
        }
        _ => true,
    };
    (!ok).then(|| format!("`{text}` is not a valid {}", ty.keyword()))
}

fn fix_for(ty: &Type) -> &'static str {
    match ty {
        Type::Integer => {
            "write a whole number between -2147483648 and 2147483647, or use type long"
        }
        Type::Long => "write a whole number",
        Type::Float => "write a number such as 1.5",
        Type::Boolean => "write true or false",
        Type::Enum => "use one of the listed values, or add the value to `values`",
        _ => "",
    }
}

fn kind(node: &Node) -> &'static str {
    match node {
        Node::Scalar(_) => "a single value",
        Node::Mapping(_) => "a mapping",
        Node::Sequence(_) => "a list",
    }
}

/// The allowed word closest to `word`, if it is close enough to be a likely typo.
fn closest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(word, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}
