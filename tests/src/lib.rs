//! End-to-end tests against a local fake Alibaba Cloud RPC service.
