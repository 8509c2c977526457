//! Responses that carry a field under both its current name and a name an older document gave it
//! decode, with the current name's value. (An earlier generator turned history names into serde
//! aliases, which made such a response a "duplicate field" error; the aliases were removed.)

use alicloud_sdk::SignatureAlgorithm;
use alicloud_tests::fake::{Fake, Scripted};
use alicloud_tests::support::kvstore;

/// SwitchNetwork's document spells the request id `requestId` in its sample.
#[tokio::test]
async fn response_with_both_the_current_and_the_older_name_decodes() {
    let fake = Fake::start();
    fake.script([Scripted::json(r#"{"RequestId":"R-1","requestId":"R-1"}"#)]);
    let out = kvstore(&fake, SignatureAlgorithm::HmacSha1)
        .switch_network()
        .instance_id("r-j6cxxxxxxxxxxxxx")
        .send()
        .await
        .expect("decodes");
    assert_eq!(out.request_id.as_deref(), Some("R-1"));
}

/// The same through JSON-in-a-string: the document's own DescribeInstanceAttribute sample shows
/// the service sending `maxmemory-policy` and its older name `EvictionPolicy` side by side.
#[tokio::test]
async fn instance_config_with_both_policy_names_decodes() {
    let fake = Fake::start();
    fake.script([Scripted::json(
        r#"{"RequestId":"R-2","Config":"{\"maxmemory-policy\": \"volatile-lfu\", \"EvictionPolicy\": \"volatile-lru\", \"hash-max-ziplist-entries\": 512}"}"#,
    )]);
    let out = kvstore(&fake, SignatureAlgorithm::Acs3HmacSha256)
        .describe_instance_config()
        .instance_id("r-bp1xxxxxxxxxxxxx")
        .send()
        .await
        .expect("the call succeeds");
    let config = out.config.expect("Config is present");
    assert_eq!(config.decode_error(), None);
    let value = config.value().expect("decoded");
    assert_eq!(value.hash_max_ziplist_entries, Some(512));
    assert_eq!(
        value.maxmemory_policy.as_ref().map(|p| p.as_str()),
        Some("volatile-lfu"),
        "the current name wins"
    );
}
