//! DynamoDB (awsJson1_0) through the generated client (crate `dynamodb`, `client` feature)
//! against moto at `$MOTO_ENDPOINT`. Run by `tests/tests/moto_e2e.rs` in its scratch
//! workspace; each test uses its own table, so they may run in parallel on one server.

#[macro_use]
mod common;

use std::collections::HashMap;

use dynamodb::client::Client;
use dynamodb::operation::create_table::CreateTableInput;
use dynamodb::operation::delete_table::DeleteTableInput;
use dynamodb::operation::describe_table::{DescribeTableError, DescribeTableInput};
use dynamodb::operation::get_item::GetItemInput;
use dynamodb::operation::query::QueryInput;
use dynamodb::operation::scan::ScanInput;
use dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType, TableStatus,
};

type Item = HashMap<String, AttributeValue>;

moto_client!(dynamodb);

fn s(value: &str) -> AttributeValue {
    AttributeValue::S(value.to_owned())
}

fn n(value: u32) -> AttributeValue {
    AttributeValue::N(value.to_string())
}

/// A table keyed by `pk` (string) and `sk` (number), on demand.
async fn create_table(client: &Client, name: &str) {
    let key = |name: &str, key_type| KeySchemaElement::builder().attribute_name(name).key_type(key_type).build();
    let attribute = |name: &str, kind| AttributeDefinition::builder().attribute_name(name).attribute_type(kind).build();
    let input = CreateTableInput::builder()
        .table_name(name)
        .set_key_schema(Some(vec![key("pk", KeyType::Hash).expect("key"), key("sk", KeyType::Range).expect("key")]))
        .set_attribute_definitions(Some(vec![
            attribute("pk", ScalarAttributeType::S).expect("attribute"),
            attribute("sk", ScalarAttributeType::N).expect("attribute"),
        ]))
        .billing_mode(BillingMode::PayPerRequest)
        .build()
        .expect("input");
    let output = client.create_table_with(input).await.expect("CreateTable");
    let table = output.table_description().expect("a table description");
    assert_eq!(table.table_name(), Some(name));
    assert_eq!(table.key_schema().map(<[_]>::len), Some(2));
}

/// Puts items `pk = "user"`, `sk = 1..=count`, with `name = "item-<sk>"`.
/// The fluent form: each `.item(key, value)` inserts one attribute.
async fn put_items(client: &Client, table: &str, count: u32) {
    for sk in 1..=count {
        client
            .put_item()
            .table_name(table)
            .item("pk", s("user"))
            .item("sk", n(sk))
            .item("name", s(&format!("item-{sk}")))
            .send()
            .await
            .expect("PutItem");
    }
}

fn key(sk: u32) -> Item {
    [("pk".to_owned(), s("user")), ("sk".to_owned(), n(sk))].into_iter().collect()
}

/// The `sk` numbers of items, in order.
fn sort_keys(items: &[Item]) -> Vec<u32> {
    items
        .iter()
        .map(|item| match item.get("sk") {
            Some(AttributeValue::N(number)) => number.parse().expect("a whole number"),
            other => panic!("sk is not a number: {other:?}"),
        })
        .collect()
}

#[tokio::test]
async fn create_put_get_and_describe() {
    let client = client();
    create_table(&client, "items").await;
    put_items(&client, "items", 3).await;

    let input = GetItemInput::builder().table_name("items").set_key(Some(key(2))).build().expect("input");
    let output = client.get_item_with(input).await.expect("GetItem");
    let item = output.item().expect("item 2 exists");
    assert_eq!(item.get("name"), Some(&s("item-2")));
    assert_eq!(item.get("sk"), Some(&n(2)));

    let input = GetItemInput::builder().table_name("items").set_key(Some(key(9))).build().expect("input");
    let output = client.get_item_with(input).await.expect("GetItem of a missing item");
    assert_eq!(output.item(), None);

    let input = DescribeTableInput::builder().table_name("items").build().expect("input");
    let output = client.describe_table_with(input).await.expect("DescribeTable");
    let table = output.table().expect("a table");
    assert_eq!(table.table_status(), Some(&TableStatus::Active));
    assert_eq!(table.item_count(), Some(3));
}

/// `Limit` 2 over 5 items: the paginator sends each page's `LastEvaluatedKey` back as
/// `ExclusiveStartKey`, and stops after the page that has none.
#[tokio::test]
async fn query_and_scan_paginators_cross_pages() {
    let client = client();
    create_table(&client, "pages").await;
    put_items(&client, "pages", 5).await;

    let values: HashMap<String, AttributeValue> = [(":pk".to_owned(), s("user"))].into_iter().collect();
    let input = QueryInput::builder()
        .table_name("pages")
        .key_condition_expression("pk = :pk")
        .set_expression_attribute_values(Some(values))
        .limit(2)
        .build()
        .expect("input");
    let mut pages = client.query_paginator(input);
    let mut sizes = Vec::new();
    let mut items = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.expect("Query page");
        let page_items = page.items().unwrap_or_default();
        sizes.push(page_items.len());
        items.extend_from_slice(page_items);
    }
    // The last page held fewer than `Limit`, so it has no `LastEvaluatedKey`.
    assert_eq!(sizes, [2, 2, 1], "Query page sizes");
    assert_eq!(sort_keys(&items), [1, 2, 3, 4, 5], "Query returns the sort key order");

    let input = ScanInput::builder().table_name("pages").limit(2).build().expect("input");
    let mut pages = client.scan_paginator(input);
    let mut sizes = Vec::new();
    let mut items = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.expect("Scan page");
        let page_items = page.items().unwrap_or_default();
        sizes.push(page_items.len());
        items.extend_from_slice(page_items);
    }
    assert_eq!(sizes, [2, 2, 1], "Scan page sizes");
    let mut keys = sort_keys(&items);
    keys.sort_unstable();
    assert_eq!(keys, [1, 2, 3, 4, 5], "Scan returns every item once");
}

#[tokio::test]
async fn describe_missing_table_is_resource_not_found() {
    let input = DescribeTableInput::builder().table_name("no-such-table").build().expect("input");
    let error = client().describe_table_with(input).await.expect_err("the table does not exist");
    assert_eq!(error.status(), Some(400));
    match error.into_service_error() {
        Some(DescribeTableError::ResourceNotFoundException(e)) => {
            let message = e.message().unwrap_or_default();
            assert!(message.contains("no-such-table"), "message: {message:?}");
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
}

/// The `TableExists` and `TableNotExists` waiters: `Table.TableStatus` is "ACTIVE" once moto
/// has the table, and `ResourceNotFoundException` once it is deleted.
#[tokio::test]
async fn table_waiters_see_the_table_come_and_go() {
    let client = client();
    create_table(&client, "waited").await;
    let describe = || DescribeTableInput::builder().table_name("waited").build().expect("input");
    let max_wait = std::time::Duration::from_secs(60);
    let exists = client.wait_until_table_exists(describe(), max_wait).await.expect("the table exists");
    let table = exists.output().and_then(|output| output.table()).expect("the table's description");
    assert_eq!(table.table_status(), Some(&TableStatus::Active));
    assert_eq!(exists.attempts(), 1);
    let input = DeleteTableInput::builder().table_name("waited").build().expect("input");
    client.delete_table_with(input).await.expect("DeleteTable");
    let gone = client.wait_until_table_not_exists(describe(), max_wait).await.expect("the table is gone");
    assert!(gone.output().is_none(), "it succeeded on the error");
    assert!(matches!(
        gone.into_result(),
        Err(dynamodb::client::SdkError::Service(e)) if matches!(e.err(), DescribeTableError::ResourceNotFoundException(_))
    ));
}
