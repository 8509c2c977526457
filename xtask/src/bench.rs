//! Fixtures shared by the benchmarks (`xtask/benches/`) and the per-call overhead examples
//! (`xtask/examples/bench_server.rs`, `xtask/examples/overhead.rs`), so that every figure in
//! `BENCHMARKS.md` is measured on the same request and the same response.

use serde_json::{json, Value};

/// The operation parameters of the typical DescribeInstances call every benchmark signs: the same
/// five as `runtime/benches/sign.rs` and `benches/sign_official.py`.
pub const DESCRIBE_INSTANCES_PARAMS: [(&str, &str); 5] = [
    ("RegionId", "cn-hangzhou"),
    ("PageSize", "50"),
    ("PageNumber", "1"),
    ("InstanceStatus", "Normal"),
    ("InstanceType", "Redis"),
];

/// A DescribeInstances response listing `n` instances, shaped like the example in
/// `spec/r-kvstore/2015-01-01/operations/DescribeInstances.yaml`
/// (`{"Instances":{"KVStoreInstance":[...]}, ...}`), compact as the service sends it.
///
/// Every instance carries all 19 documented members with values that vary between instances.
/// With `undocumented`, each also carries the fields the live service sends beyond the
/// documented ones (the document warns of them, e.g. `Config`), which a client must skip.
pub fn describe_instances_response(n: usize, undocumented: bool) -> String {
    const STATUSES: [&str; 4] = ["Normal", "Normal", "Changing", "Creating"];
    const ZONES: [&str; 3] = ["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-k"];
    const CLASSES: [&str; 4] = ["small", "mid", "stand", "large"];
    const ENGINES: [&str; 4] = ["4.0", "5.0", "6.0", "7.0"];
    let instances: Vec<Value> = (0..n)
        .map(|i| {
            // A fixed scramble so that ids look random but the fixture is deterministic.
            let id = format!("r-bp1{:015x}", (i as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 4);
            let vpc = i % 3 != 0;
            let prepaid = i % 4 == 0;
            let mut instance = json!({
                "InstanceId": id,
                "InstanceName": format!("cache-{:03}-{}", i, if vpc { "orders" } else { "sessions" }),
                "Capacity": 1024_u64 << (i % 6),
                "InstanceClass": format!("redis.master.{}.default", CLASSES[i % CLASSES.len()]),
                "Bandwidth": 10 * (1 + i % 8),
                "Connections": 10000 * (1 + i % 4),
                "ConnectionDomain": format!("{id}.redis.rds.aliyuncs.com"),
                "Port": 6379,
                "UserName": id,
                "RegionId": "cn-hangzhou",
                "ZoneId": ZONES[i % ZONES.len()],
                "InstanceStatus": STATUSES[i % STATUSES.len()],
                "ChargeType": if prepaid { "PrePaid" } else { "PostPaid" },
                "CreateTime": format!("2023-{:02}-{:02}T{:02}:14:07Z", 1 + i % 12, 1 + i % 28, i % 24),
                "EndTime": if prepaid { "2025-06-01T16:00:00Z" } else { "" },
                "NetworkType": if vpc { "VPC" } else { "CLASSIC" },
                "VpcId": if vpc { format!("vpc-bp1{:017x}", i * 7919) } else { String::new() },
                "VSwitchId": if vpc { format!("vsw-bp1{:017x}", i * 104_729) } else { String::new() },
                "PrivateIp": format!("172.16.{}.{}", i / 250, 1 + i % 250),
            });
            if undocumented {
                let extra = json!({
                    "Config": "{\"EvictionPolicy\":\"volatile-lru\",\"hash-max-ziplist-entries\":512,\"zset-max-ziplist-entries\":128}",
                    "EngineVersion": ENGINES[i % ENGINES.len()],
                    "ArchitectureType": if i % 5 == 0 { "cluster" } else { "standard" },
                    "NodeType": "double",
                    "PackageType": "standard",
                    "EditionType": "Community",
                    "ShardCount": if i % 5 == 0 { 4 } else { 1 },
                    "QPS": 100_000,
                    "ResourceGroupId": "rg-acfmyiu4ekp8rza",
                    "HasRenewChangeOrder": false,
                    "IsRds": true,
                    "CloudType": "public",
                    "SecondaryZoneId": "",
                    "Tags": { "Tag": [ { "Key": "team", "Value": "checkout" }, { "Key": "env", "Value": "prod" } ] },
                });
                if let (Value::Object(instance), Value::Object(extra)) = (&mut instance, extra) {
                    instance.extend(extra);
                }
            }
            instance
        })
        .collect();
    json!({
        "Instances": { "KVStoreInstance": instances },
        "PageNumber": 1,
        "PageSize": n.max(1),
        "TotalCount": n,
        "RequestId": "969D0A1D-C91A-4837-9F70-49785DF9BDCE",
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_lists_n_instances_in_the_wrapper() {
        let body: Value = serde_json::from_str(&describe_instances_response(3, false)).unwrap();
        let list = body["Instances"]["KVStoreInstance"].as_array().unwrap();
        assert_eq!(list.len(), 3);
        assert_eq!(list[0].as_object().unwrap().len(), 19);
        assert_ne!(list[0]["InstanceId"], list[1]["InstanceId"]);
        assert_eq!(body["TotalCount"], 3);
    }

    #[test]
    fn undocumented_fields_are_added_beside_the_documented_ones() {
        let body: Value = serde_json::from_str(&describe_instances_response(1, true)).unwrap();
        let instance = &body["Instances"]["KVStoreInstance"][0];
        assert!(instance.get("Config").is_some());
        assert!(instance.get("InstanceId").is_some());
    }
}
