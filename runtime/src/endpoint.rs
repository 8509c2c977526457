//! Where requests go: the per-product endpoint rules that generated code declares, and the explicit
//! endpoint a user may configure instead.
//!
//! Resolution is pure (no DNS, no I/O) so that a wrong host is reported before any request is sent,
//! and so that the rules can be tested exhaustively. The runtime knows no product: every host name
//! comes from the [`EndpointRules`] a generated crate passes in.

use std::fmt;

/// Which network the client reaches the service through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Network {
    /// The public internet endpoint (the default).
    #[default]
    Public,
    /// The VPC-internal endpoint, reachable only from inside an Alibaba Cloud VPC.
    Vpc,
}

/// A product's endpoint rules, declared as a `static` by generated code.
///
/// Public endpoints are chosen in this order: a per-region entry of [`overrides`](Self::overrides);
/// then [`global`](Self::global) when the region is one of
/// [`global_regions`](Self::global_regions); then the [`regional`](Self::regional) pattern.
/// [`Network::Vpc`] always uses the [`vpc`](Self::vpc) pattern.
///
/// ```
/// use alicloud_runtime::endpoint::{EndpointRules, Network};
///
/// static RULES: EndpointRules = EndpointRules {
///     global: Some("example.aliyuncs.com"),
///     global_regions: &["cn-hangzhou"],
///     regional: "example.{region}.aliyuncs.com",
///     vpc: Some("example-vpc.{region}.aliyuncs.com"),
///     overrides: &[],
/// };
/// assert_eq!(RULES.resolve("cn-hangzhou", Network::Public).unwrap(), "example.aliyuncs.com");
/// assert_eq!(RULES.resolve("cn-shanghai", Network::Public).unwrap(), "example.cn-shanghai.aliyuncs.com");
/// assert_eq!(RULES.resolve("cn-shanghai", Network::Vpc).unwrap(), "example-vpc.cn-shanghai.aliyuncs.com");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EndpointRules {
    /// The single host that every region in `global_regions` uses, if the product has one.
    pub global: Option<&'static str>,
    /// Regions served by the `global` host.
    pub global_regions: &'static [&'static str],
    /// The public host of every other region; `{region}` is replaced by the region id.
    pub regional: &'static str,
    /// The VPC host pattern (`{region}` is replaced), if the product has VPC endpoints.
    pub vpc: Option<&'static str>,
    /// Exact `(region, host)` pairs that win over every other public rule.
    pub overrides: &'static [(&'static str, &'static str)],
}

/// Why no endpoint could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// No region was configured and no explicit endpoint was given.
    #[error(
        "no region is configured: set a region such as `cn-hangzhou`, or an explicit endpoint"
    )]
    EmptyRegion,
    /// The region id has characters a region id never has.
    #[error(
        "region `{region}` is not a valid region id (only lower-case letters, digits and `-` are allowed)"
    )]
    InvalidRegion {
        /// The region as configured.
        region: String,
    },
    /// VPC network was asked for, but the product declares no VPC endpoint.
    #[error(
        "this product has no VPC endpoint (region `{region}`): use the public network or set an explicit endpoint"
    )]
    NoVpcEndpoint {
        /// The region as configured.
        region: String,
    },
    /// The explicit endpoint is not an `http://` or `https://` URL naming only a host and port.
    #[error("explicit endpoint `{endpoint}` is invalid: {reason}")]
    InvalidEndpoint {
        /// The endpoint as configured.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl EndpointRules {
    /// The host name (without scheme) to call for `region` over `network`.
    ///
    /// # Errors
    /// [`EndpointError::EmptyRegion`] or [`EndpointError::InvalidRegion`] for a bad region id, and
    /// [`EndpointError::NoVpcEndpoint`] when `network` is [`Network::Vpc`] and the product has no
    /// VPC pattern.
    pub fn resolve(&self, region: &str, network: Network) -> Result<String, EndpointError> {
        validate_region(region)?;
        match network {
            Network::Vpc => match self.vpc {
                Some(pattern) => Ok(pattern.replace("{region}", region)),
                None => Err(EndpointError::NoVpcEndpoint {
                    region: region.to_owned(),
                }),
            },
            Network::Public => {
                if let Some((_, host)) = self.overrides.iter().find(|(r, _)| *r == region) {
                    return Ok((*host).to_owned());
                }
                if let Some(global) = self.global {
                    if self.global_regions.contains(&region) {
                        return Ok(global.to_owned());
                    }
                }
                Ok(self.regional.replace("{region}", region))
            }
        }
    }
}

/// Region ids are spliced into host names, so anything but `[a-z0-9-]` is refused rather than
/// allowed to change which host (or path) a request reaches.
fn validate_region(region: &str) -> Result<(), EndpointError> {
    if region.is_empty() {
        return Err(EndpointError::EmptyRegion);
    }
    let valid_chars = region
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid_chars || region.starts_with('-') || region.ends_with('-') || region.len() > 64 {
        return Err(EndpointError::InvalidRegion {
            region: region.to_owned(),
        });
    }
    Ok(())
}

/// A resolved endpoint: scheme plus `host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    https: bool,
    authority: String,
}

impl Endpoint {
    /// The HTTPS endpoint of a resolved host name.
    pub fn https(host: impl Into<String>) -> Self {
        Endpoint {
            https: true,
            authority: host.into(),
        }
    }

    /// Parses an explicit endpoint: `http://host[:port]`, `https://host[:port]` (an optional
    /// trailing `/` is accepted) or a bare `host[:port]`, which means HTTPS.
    ///
    /// ```
    /// use alicloud_runtime::endpoint::Endpoint;
    ///
    /// let e = Endpoint::parse("http://127.0.0.1:8080").unwrap();
    /// assert_eq!(e.authority(), "127.0.0.1:8080");
    /// assert_eq!(e.base_url(), "http://127.0.0.1:8080/");
    /// assert_eq!(Endpoint::parse("ecs.aliyuncs.com").unwrap().base_url(), "https://ecs.aliyuncs.com/");
    /// ```
    ///
    /// # Errors
    /// [`EndpointError::InvalidEndpoint`] for another scheme, credentials, a path, a query or a
    /// fragment, or something that is not a URL.
    pub fn parse(endpoint: &str) -> Result<Self, EndpointError> {
        let invalid = |reason: &str| EndpointError::InvalidEndpoint {
            endpoint: endpoint.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = endpoint.trim();
        if trimmed.is_empty() {
            return Err(invalid("it is empty"));
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let url = reqwest::Url::parse(&with_scheme).map_err(|e| invalid(&e.to_string()))?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            other => return Err(invalid(&format!("scheme `{other}` is not http or https"))),
        };
        if !url.username().is_empty() || url.password().is_some() {
            return Err(invalid("it must not contain credentials"));
        }
        if url.path() != "/" && !url.path().is_empty() {
            return Err(invalid("it must not have a path"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("it must not have a query or fragment"));
        }
        let host = url.host_str().ok_or_else(|| invalid("it has no host"))?;
        // `Url::port` is `None` for the scheme's default port, which is also what the HTTP
        // client writes in the Host header; signing must see the same authority.
        let authority = match url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        Ok(Endpoint { https, authority })
    }

    /// `host[:port]`, as sent in the `Host` header and covered by the signature.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// Whether requests use TLS.
    pub fn is_https(&self) -> bool {
        self.https
    }

    /// `scheme://host[:port]/`, the URL the query string is appended to.
    pub fn base_url(&self) -> String {
        format!("{self}/")
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        write!(f, "{scheme}://{}", self.authority)
    }
}
