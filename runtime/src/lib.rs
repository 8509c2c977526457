//! The product-agnostic runtime the generated SDK links against: request signing, credentials,
//! endpoint resolution, transport, retries and error parsing. It knows nothing of any product;
//! everything that differs per operation lives in the generated code.

pub mod client;
pub mod credentials;
pub mod de;
pub mod endpoint;
pub mod error;
pub mod params;
pub mod retry;
pub mod secret;
pub mod sign;
mod timestamp;
