//! The compliance harness's body comparison (`tests/protocol/support.rs`, which the harness
//! compiles in its scratch workspace), tested here on its own.

#[path = "../protocol/support.rs"]
mod support;

use support::check_body;

/// Whether `check_body` accepts the pair (it panics on a mismatch).
fn same(actual: &str, expected: &str, media_type: &str) -> bool {
    let (actual, expected, media_type) = (actual.to_owned(), expected.to_owned(), media_type.to_owned());
    std::panic::catch_unwind(move || check_body(actual.as_bytes(), &expected, Some(&media_type))).is_ok()
}

#[test]
fn xml_bodies_compare_as_trees() {
    let xml = "application/xml";
    let expected = r#"<XmlAttributesInputOutput xmlns="https://example.com" xmlns:xsi="http://x" test="test" xsi:id="1">
        <foo>hi</foo>
        <nested><bar> spaced &amp; kept </bar><empty></empty></nested>
    </XmlAttributesInputOutput>"#;
    let reordered = "<?xml version=\"1.0\"?><XmlAttributesInputOutput xsi:id='1' test=\"test\" xmlns:xsi=\"http://x\" \
        xmlns=\"https://example.com\"><foo>h<![CDATA[i]]></foo><nested><bar> spaced &#38; kept </bar><empty/></nested>\
        </XmlAttributesInputOutput>";
    assert!(same(reordered, expected, xml));
    assert!(same(expected, expected, "text/xml"));
    // What matters does.
    for different in [
        reordered.replace("<foo>h", "<foo> h"),
        reordered.replace("test=\"test\"", "test=\"other\""),
        reordered.replace(" xmlns=\"https://example.com\"", ""),
        reordered.replace("<empty/>", ""),
        reordered.replace("<nested>", "<nested><extra/>"),
        reordered.replace("xsi:id", "xsi:ID"),
    ] {
        assert!(!same(&different, expected, xml), "{different}");
    }
    // Structure members may come in any order (the compliance cases list them so).
    let moved = reordered
        .replace("<foo>h<![CDATA[i]]></foo><nested>", "<nested>")
        .replace("</nested>", "</nested><foo>hi</foo>");
    assert!(same(&moved, expected, xml));
    // List items keep their order; map entries (named by the case) are a set.
    let list = "<l><member>a</member><x/><member>b</member></l>";
    assert!(same(list, "<l><x/><member>a</member><member>b</member></l>", xml));
    assert!(!same(list, "<l><member>b</member><member>a</member><x/></l>", xml));
    let map = "<m><entry><key>a</key><value>1</value></entry><entry><key>b</key><value>2</value></entry></m>";
    let swapped = "<m><entry><key>b</key><value>2</value></entry><entry><key>a</key><value>1</value></entry></m>";
    let entries = |actual: &str, expected: &str| {
        let (actual, expected) = (actual.to_owned(), expected.to_owned());
        std::panic::catch_unwind(move || support::check_body_with(actual.as_bytes(), &expected, Some(xml), &["entry"]))
            .is_ok()
    };
    assert!(entries(map, swapped));
    assert!(!same(map, swapped, xml));
    assert!(!entries(map, &swapped.replace("<value>2", "<value>3")));
    assert!(!same("<a>", "<a/>", xml));
    assert!(!same("not xml", "<a/>", xml));
    assert!(same("", "", xml));
    assert!(!same("<a/>", "", xml));
}

#[test]
fn form_bodies_compare_as_multisets() {
    let form = "application/x-www-form-urlencoded";
    let expected = "Action=QueryMaps&Version=2020-01-08&MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar";
    assert!(same(
        "Version=2020-01-08&MapArg.entry.1.value=Bar&Action=QueryMaps&MapArg.entry.1.key=bar",
        expected,
        form
    ));
    assert!(same("Action=Q&K=a%20b%3A", "K=a+b:&Action=Q", form));
    assert!(same("Action=Q&L=", "Action=Q&L=", form));
    assert!(!same("Action=Q", "Action=Q&L=", form));
    assert!(!same("Action=Q&L=1&L=1", "Action=Q&L=1", form));
    assert!(!same("Action=Q&K=b", "Action=Q&K=a", form));
}

#[test]
fn other_bodies_compare_exactly() {
    assert!(same(r#"{"a": 1}"#, r#"{ "a":1 }"#, "application/json"));
    assert!(!same("a b", "a  b", "text/plain"));
    assert!(same("a b", "a b", "application/octet-stream"));
}
