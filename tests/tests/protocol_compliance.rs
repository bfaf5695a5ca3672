//! The official Smithy protocol compliance cases (restJson1, awsJson 1.0 and 1.1, restXml,
//! awsQuery, ec2Query, and the newer suite's restJson1 output event streams): every client case
//! passes, except the listed expected failures.

#[test]
fn every_client_case_passes() {
    let Some(shared) = codegen_tests::shared_dir("protocol_compliance") else { return };
    let results = codegen_tests::protocol::run(&shared).unwrap_or_else(|error| panic!("{error}"));
    let report = codegen_tests::protocol::report(&results);
    eprintln!("{report}");
    assert!(results.len() > 700, "expected the ~740 client cases, found {}", results.len());
    // Every protocol's suite ran.
    for (_, protocol, service) in codegen_tests::protocol::SERVICES {
        assert!(results.iter().any(|r| r.service == *service), "no {protocol} case of {service} ran");
    }
    for (_, protocol, service, _, _) in codegen_tests::protocol::LATEST_SERVICES {
        assert!(results.iter().any(|r| r.service == *service), "no {protocol} case of {service} ran");
    }
    let failed = results.iter().filter(|r| matches!(r.outcome, codegen_tests::protocol::Outcome::Failed(_))).count();
    assert_eq!(failed, 0, "{report}");
}
