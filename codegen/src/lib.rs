//! Spec loading, validation and code generation for the Alibaba Cloud RPC SDK.
pub mod spec;
