//! PutItem, GetItem and a paginated Query, through ours (region and credentials from the
//! environment, as the official probe's aws-config reads them).
use dynamodb_all::client::{Client, Config};
use dynamodb_all::types::AttributeValue;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::new(Config::builder().build()?);
    let key = |sk: &str| [("pk".to_owned(), AttributeValue::S("user".into())), ("sk".to_owned(), AttributeValue::S(sk.into()))];
    client.put_item().table_name("t").item("pk", AttributeValue::S("user".into())).item("sk", AttributeValue::S("1".into())).send().await?;
    let item = client.get_item().table_name("t").set_key(Some(key("1").into_iter().collect())).send().await?;
    println!("{:?}", item.item().map(|item| item.len()));
    let input = dynamodb_all::operation::query::QueryInput::builder()
        .table_name("t")
        .key_condition_expression("pk = :pk")
        .expression_attribute_values(":pk", AttributeValue::S("user".into()))
        .build()?;
    let mut pages = client.query_paginator(input);
    while let Some(page) = pages.next_page().await {
        println!("{}", page?.items().map_or(0, <[_]>::len));
    }
    Ok(())
}
