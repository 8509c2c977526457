//! Spec loading, validation and code generation for the Alibaba Cloud RPC SDK.
//!
//! Data flows one way: [`spec`] (YAML files → validated model) → [`ir`] (every Rust name decided
//! once) → [`gen`] (tokens → formatted files). Nothing here touches the disk except
//! [`spec::SpecFiles::read_dir`] and [`spec::load_dir`]; `xtask` writes the output.

pub mod gen;
pub mod ir;
pub mod spec;
