//! Endpoint resolution: the product rules, their precedence, the VPC network, region validation and
//! explicit endpoints.

use alicloud_runtime::endpoint::{Endpoint, EndpointError, EndpointRules, Network};

static RULES: EndpointRules = EndpointRules {
    global: Some("svc.aliyuncs.com"),
    global_regions: &["cn-hangzhou", "cn-beijing"],
    regional: "svc.{region}.aliyuncs.com",
    vpc: Some("svc-vpc.{region}.aliyuncs.com"),
    overrides: &[("cn-beijing", "svc-special.aliyuncs.com")],
};

static NO_VPC: EndpointRules = EndpointRules {
    global: None,
    global_regions: &[],
    regional: "other.{region}.aliyuncs.com",
    vpc: None,
    overrides: &[("cn-hangzhou", "other-cn-hangzhou.aliyuncs.com")],
};

#[test]
fn override_wins_over_global_region() {
    assert_eq!(
        RULES.resolve("cn-beijing", Network::Public).unwrap(),
        "svc-special.aliyuncs.com"
    );
}

#[test]
fn global_region_uses_global_host() {
    assert_eq!(
        RULES.resolve("cn-hangzhou", Network::Public).unwrap(),
        "svc.aliyuncs.com"
    );
}

#[test]
fn other_region_uses_regional_pattern() {
    assert_eq!(
        RULES.resolve("ap-southeast-1", Network::Public).unwrap(),
        "svc.ap-southeast-1.aliyuncs.com"
    );
}

#[test]
fn override_without_global() {
    assert_eq!(
        NO_VPC.resolve("cn-hangzhou", Network::Public).unwrap(),
        "other-cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(
        NO_VPC.resolve("cn-shanghai", Network::Public).unwrap(),
        "other.cn-shanghai.aliyuncs.com"
    );
}

#[test]
fn vpc_uses_vpc_pattern_even_for_global_and_override_regions() {
    assert_eq!(
        RULES.resolve("cn-hangzhou", Network::Vpc).unwrap(),
        "svc-vpc.cn-hangzhou.aliyuncs.com"
    );
    assert_eq!(
        RULES.resolve("cn-beijing", Network::Vpc).unwrap(),
        "svc-vpc.cn-beijing.aliyuncs.com"
    );
}

#[test]
fn vpc_without_pattern_is_an_error() {
    assert_eq!(
        NO_VPC.resolve("cn-shanghai", Network::Vpc),
        Err(EndpointError::NoVpcEndpoint {
            region: "cn-shanghai".into()
        })
    );
}

#[test]
fn empty_region_is_an_error() {
    assert_eq!(
        RULES.resolve("", Network::Public),
        Err(EndpointError::EmptyRegion)
    );
}

#[test]
fn region_that_could_change_the_host_is_refused() {
    for bad in [
        "cn-hangzhou/evil",
        "evil.com#",
        "CN-HANGZHOU",
        "cn hangzhou",
        "-cn",
        "cn-",
        "a.b",
    ] {
        assert!(
            matches!(
                RULES.resolve(bad, Network::Public),
                Err(EndpointError::InvalidRegion { .. })
            ),
            "{bad} accepted"
        );
    }
}

#[test]
fn explicit_http_endpoint_with_port() {
    let e = Endpoint::parse("http://127.0.0.1:8080").unwrap();
    assert!(!e.is_https());
    assert_eq!(e.authority(), "127.0.0.1:8080");
    assert_eq!(e.base_url(), "http://127.0.0.1:8080/");
}

#[test]
fn explicit_https_endpoint_with_trailing_slash() {
    let e = Endpoint::parse("https://Example.COM:8443/").unwrap();
    assert!(e.is_https());
    assert_eq!(e.authority(), "example.com:8443");
}

#[test]
fn default_port_is_not_part_of_the_authority() {
    assert_eq!(
        Endpoint::parse("https://example.com:443")
            .unwrap()
            .authority(),
        "example.com"
    );
    assert_eq!(
        Endpoint::parse("http://example.com:80")
            .unwrap()
            .authority(),
        "example.com"
    );
}

#[test]
fn bare_host_means_https() {
    let e = Endpoint::parse("ecs.cn-shanghai.aliyuncs.com").unwrap();
    assert!(e.is_https());
    assert_eq!(e.base_url(), "https://ecs.cn-shanghai.aliyuncs.com/");
}

#[test]
fn ipv6_endpoint_keeps_brackets() {
    assert_eq!(
        Endpoint::parse("http://[::1]:9000").unwrap().authority(),
        "[::1]:9000"
    );
}

#[test]
fn invalid_explicit_endpoints_are_refused() {
    for bad in [
        "",
        "ftp://example.com",
        "http://user:pw@example.com",
        "http://example.com/path",
        "http://example.com/?a=b",
        "http://example.com/#x",
        "http://",
    ] {
        assert!(
            matches!(
                Endpoint::parse(bad),
                Err(EndpointError::InvalidEndpoint { .. })
            ),
            "{bad:?} accepted"
        );
    }
}

mod client_endpoint {
    //! How a `Client` picks its endpoint from the config and the product's rules.

    use super::*;
    use alicloud_runtime::client::{Client, ClientConfig, ProductInfo};
    use alicloud_runtime::credentials::Credentials;

    static PRODUCT: ProductInfo = ProductInfo {
        product: "Svc",
        version: "2020-01-01",
        endpoints: &RULES,
    };

    static PRODUCT_NO_VPC: ProductInfo = ProductInfo {
        product: "Other",
        version: "2020-01-01",
        endpoints: &NO_VPC,
    };

    fn config() -> alicloud_runtime::client::ClientConfigBuilder {
        ClientConfig::builder().credentials(Credentials::new("id", "secret", None))
    }

    #[test]
    fn region_resolves_to_an_https_endpoint() {
        let client = Client::new(&config().region("cn-shanghai").build(), &PRODUCT);
        let endpoint = client.endpoint().expect("endpoint");
        assert_eq!(endpoint.base_url(), "https://svc.cn-shanghai.aliyuncs.com/");
    }

    #[test]
    fn vpc_network_uses_the_vpc_host() {
        let config = config().region("cn-hangzhou").network(Network::Vpc).build();
        let client = Client::new(&config, &PRODUCT);
        assert_eq!(
            client.endpoint().expect("endpoint").authority(),
            "svc-vpc.cn-hangzhou.aliyuncs.com"
        );
    }

    #[test]
    fn explicit_endpoint_wins_over_region_and_network() {
        let config = config()
            .region("cn-hangzhou")
            .network(Network::Vpc)
            .endpoint("http://127.0.0.1:9999")
            .build();
        let client = Client::new(&config, &PRODUCT_NO_VPC);
        assert_eq!(
            client.endpoint().expect("endpoint").base_url(),
            "http://127.0.0.1:9999/"
        );
    }

    #[test]
    fn vpc_network_without_vpc_rules_is_an_error() {
        let config = config().region("cn-hangzhou").network(Network::Vpc).build();
        let client = Client::new(&config, &PRODUCT_NO_VPC);
        assert!(matches!(
            client.endpoint(),
            Err(EndpointError::NoVpcEndpoint { .. })
        ));
    }

    #[test]
    fn no_region_and_no_endpoint_is_an_error() {
        let client = Client::new(&config().build(), &PRODUCT);
        assert_eq!(client.endpoint(), Err(&EndpointError::EmptyRegion));
    }
}
