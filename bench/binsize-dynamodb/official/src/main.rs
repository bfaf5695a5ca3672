//! PutItem, GetItem and a paginated Query, through aws-sdk-dynamodb and aws-config.
use aws_sdk_dynamodb::types::AttributeValue;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    client.put_item().table_name("t").item("pk", AttributeValue::S("user".into())).item("sk", AttributeValue::S("1".into())).send().await?;
    let item = client.get_item().table_name("t").key("pk", AttributeValue::S("user".into())).key("sk", AttributeValue::S("1".into())).send().await?;
    println!("{:?}", item.item().map(|item| item.len()));
    let mut pages = client
        .query()
        .table_name("t")
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S("user".into()))
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        println!("{}", page?.items().len());
    }
    Ok(())
}
