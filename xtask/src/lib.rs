//! The project's automation, as a library so that tests can call it: `cargo xtask <command>`
//! is the binary front end in `main.rs`.

pub mod bench;
pub mod codegen;
pub mod review;
pub mod vectors;
