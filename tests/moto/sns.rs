//! SNS (awsQuery) through the generated client (crate `sns`, `client` feature) against moto
//! at `$MOTO_ENDPOINT`: a topic, a publish with message attributes (a map whose key and value
//! have `@xmlName`: `MessageAttributes.entry.N.Name`/`.Value`), and the topic listing. Run by
//! `tests/tests/moto_e2e.rs`.

#[macro_use]
mod common;

use std::collections::HashMap;

use sns::operation::create_topic::CreateTopicInput;
use sns::operation::list_topics::ListTopicsInput;
use sns::operation::publish::{PublishError, PublishInput};
use sns::types::MessageAttributeValue;

moto_client!(sns);

#[tokio::test]
async fn create_a_topic_and_publish() {
    let client = client();
    let input = CreateTopicInput::builder().name("e2e-topic").build().expect("input");
    let topic = client.create_topic_with(input).await.expect("CreateTopic");
    let arn = topic.topic_arn().expect("a topic ARN").to_owned();
    assert!(arn.ends_with(":e2e-topic"), "{arn}");

    let attribute = MessageAttributeValue::builder().data_type("String").string_value("blue").build().expect("value");
    let attributes: HashMap<String, MessageAttributeValue> = [("colour".to_owned(), attribute)].into();
    let input = PublishInput::builder()
        .topic_arn(&arn)
        .message("hello & <world>")
        .subject("greeting")
        .set_message_attributes(Some(attributes))
        .build()
        .expect("input");
    let published = client.publish_with(input).await.expect("Publish");
    assert!(published.message_id().is_some_and(|id| !id.is_empty()));

    let input = ListTopicsInput::builder().build().expect("input");
    let topics = client.list_topics_with(input).await.expect("ListTopics");
    assert!(topics.topics().unwrap_or_default().iter().any(|t| t.topic_arn() == Some(arn.as_str())));
}

#[tokio::test]
async fn publishing_to_a_missing_topic_is_an_error() {
    let input = PublishInput::builder()
        .topic_arn("arn:aws:sns:us-east-1:123456789012:no-such-topic")
        .message("m")
        .build()
        .expect("input");
    let error = client().publish_with(input).await.expect_err("no such topic");
    assert_eq!(error.status(), Some(404));
    assert!(matches!(error.into_service_error(), Some(PublishError::NotFoundException(_))), "NotFound");
}
