//! The spec: files under `spec/`, loaded into a validated [`Spec`].
//!
//! Loading is pure over a [`SpecFiles`] set (path → text) so that tests, `xtask check`, and
//! `xtask review` (which reads a git revision) all share it; [`SpecFiles::read_dir`] is the only
//! place that touches the disk.

mod diag;
mod load;
pub mod model;
mod validate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Diagnostics};
pub use model::*;
pub use validate::{well_formed_code, COMMON_PARAMETERS};

use diag::Sink;
use load::{parse, Reader};

/// The text of every file of a spec tree, keyed by path (`spec/r-kvstore/2015-01-01/service.yaml`).
/// Paths use `/` and start with the tree's root folder name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpecFiles {
    root: String,
    files: BTreeMap<String, String>,
}

/// Reading a spec tree from disk failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct ReadError {
    /// The file or folder.
    pub path: PathBuf,
    /// Why.
    pub source: std::io::Error,
}

impl SpecFiles {
    /// An empty set whose paths start with `root` (e.g. `spec`).
    pub fn new(root: impl Into<String>) -> Self {
        SpecFiles {
            root: root.into(),
            files: BTreeMap::new(),
        }
    }

    /// Adds a file at `relative` (e.g. `r-kvstore/2015-01-01/service.yaml`).
    pub fn insert(&mut self, relative: &str, text: impl Into<String>) -> &mut Self {
        self.files.insert(
            format!("{}/{}", self.root, relative.trim_start_matches('/')),
            text.into(),
        );
        self
    }

    /// Every `.yaml` file under `dir`; paths are shown as `<dir's name>/...`.
    pub fn read_dir(dir: &Path) -> Result<Self, ReadError> {
        let root = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "spec".into());
        let mut files = SpecFiles::new(root);
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            let entries = std::fs::read_dir(&d).map_err(|source| ReadError {
                path: d.clone(),
                source,
            })?;
            for entry in entries {
                let entry = entry.map_err(|source| ReadError {
                    path: d.clone(),
                    source,
                })?;
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    let text = std::fs::read_to_string(&path).map_err(|source| ReadError {
                        path: path.clone(),
                        source,
                    })?;
                    let rel = path
                        .strip_prefix(dir)
                        .unwrap_or(&path)
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    files.insert(&rel, text);
                }
            }
        }
        Ok(files)
    }

    /// The files, path → text.
    pub fn files(&self) -> &BTreeMap<String, String> {
        &self.files
    }

    /// Loads and validates the spec; every problem is reported, not only the first.
    pub fn load(&self) -> Result<Spec, Diagnostics> {
        let mut sink = Sink::default();
        let spec = self.load_into(&mut sink);
        // Validate what did load, so one run reports the shape problems and the cross-reference
        // problems together.
        validate::validate(&spec, &mut sink);
        sink.finish()?;
        Ok(spec)
    }

    fn load_into(&self, sink: &mut Sink) -> Spec {
        let prefix = format!("{}/", self.root);
        let mut documents = Vec::new();
        // folder → (version, service file, operation files)
        let mut products: BTreeMap<&str, BTreeMap<&str, ProductFiles<'_>>> = BTreeMap::new();
        for path in self.files.keys() {
            let rel = path.strip_prefix(&prefix).unwrap_or(path);
            let parts: Vec<&str> = rel.split('/').collect();
            match parts.as_slice() {
                ["documents.yaml"] => {}
                [folder, version, "service.yaml"] => {
                    products.entry(folder).or_default().entry(version).or_default().0 = Some(path);
                }
                [folder, version, "operations", file] if file.ends_with(".yaml") => {
                    products
                        .entry(folder)
                        .or_default()
                        .entry(version)
                        .or_default()
                        .1
                        .push(path);
                }
                _ => sink.error(
                    Loc {
                        file: path.clone(),
                        line: 1,
                        col: 1,
                    },
                    "this file is not part of the spec layout",
                    "spec files are documents.yaml, <product>/<version>/service.yaml and <product>/<version>/operations/<Name>.yaml",
                ),
            }
        }

        let docs_path = format!("{prefix}documents.yaml");
        match self.files.get(&docs_path) {
            Some(text) => {
                if let Some(root) = parse(&docs_path, text, sink) {
                    documents = Reader::new(&docs_path, sink).documents(&root);
                }
            }
            None => sink.error(
                Loc {
                    file: docs_path.clone(),
                    line: 1,
                    col: 1,
                },
                "documents.yaml is missing",
                "list the source documents as spec/README.md shows",
            ),
        }

        let mut out = Vec::new();
        for (folder, versions) in products {
            if versions.len() > 1 {
                let first = versions.values().find_map(|v| v.0).unwrap_or(&docs_path);
                sink.error(
                    Loc {
                        file: first.to_string(),
                        line: 1,
                        col: 1,
                    },
                    format!("product `{folder}` has {} API versions", versions.len()),
                    "one API version per product is supported; keep one folder",
                );
            }
            for (version, (service, ops)) in versions {
                let Some(service_path) = service else {
                    sink.error(
                        Loc {
                            file: format!("{prefix}{folder}/{version}/service.yaml"),
                            line: 1,
                            col: 1,
                        },
                        "service.yaml is missing",
                        "every <product>/<version>/ folder needs a service.yaml",
                    );
                    continue;
                };
                let Some(root) = parse(service_path, &self.files[service_path], sink) else {
                    continue;
                };
                let Some(mut product) = Reader::new(service_path, sink).service(&root, folder)
                else {
                    continue;
                };
                if product.api_version != version {
                    sink.error(
                        product.loc.clone(),
                        format!(
                            "api_version `{}` does not match the folder `{version}`",
                            product.api_version
                        ),
                        "rename the folder or fix api_version",
                    );
                }
                for op_path in ops {
                    let Some(root) = parse(op_path, &self.files[op_path], sink) else {
                        continue;
                    };
                    let Some(op) = Reader::new(op_path, sink).operation(&root) else {
                        continue;
                    };
                    let stem = op_path
                        .rsplit('/')
                        .next()
                        .and_then(|f| f.strip_suffix(".yaml"))
                        .unwrap_or_default();
                    if op.name != stem {
                        sink.error(
                            op.loc.clone(),
                            format!("operation `{}` is in a file named `{stem}.yaml`", op.name),
                            format!("rename the file to `{}.yaml`", op.name),
                        );
                    }
                    product.operations.push(op);
                }
                product.operations.sort_by(|a, b| a.name.cmp(&b.name));
                out.push(product);
            }
        }
        Spec {
            documents,
            products: out,
        }
    }
}

/// A product version's service file and operation files.
type ProductFiles<'a> = (Option<&'a str>, Vec<&'a str>);

/// Loads and validates the spec tree at `dir`.
pub fn load_dir(dir: &Path) -> Result<Spec, LoadDirError> {
    let files = SpecFiles::read_dir(dir)?;
    Ok(files.load()?)
}

/// Loading a spec tree from disk failed.
#[derive(Debug, thiserror::Error)]
pub enum LoadDirError {
    /// A file could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The spec has problems.
    #[error("{0}")]
    Invalid(#[from] Diagnostics),
}
