//! End to end against moto (a real implementation of the AWS APIs, `tests/src/moto.rs`):
//! clients generated from the AWS models in `../shared/aws-models`, with the `client`
//! feature (endpoint rules, SigV4, retries, paginators), each driven by a test program.
//!
//! One scratch workspace (`target/scratch/moto-e2e`, built once per run and sharing
//! `target/scratch-target` with the other compile checks) holds a generated crate per entry
//! of [`SERVICES`] and one harness crate, `moto-harness`, whose integration tests are the
//! programs `tests/moto/<crate>.rs`. Each `#[test]` here starts its own moto server and runs
//! its service's program against it (`MOTO_ENDPOINT`).
//!
//! To add a service (S3, STS, IAM, SNS, …): add a [`Service`] (model file, the operations
//! its program uses, the program), write `tests/moto/<crate>.rs`, and add a `#[test]` that
//! calls [`run`] with the crate name.

use std::sync::OnceLock;

use codegen_tests::moto::MotoServer;
use codegen_tests::Scratch;

/// A service under test.
struct Service {
    /// The crate's name, and its program's file name (`tests/moto/<crate>.rs`).
    krate: &'static str,
    /// The model's file in `../shared/aws-models`.
    model: &'static str,
    /// The operations the program calls: only these are generated, to keep compile time down.
    operations: &'static [&'static str],
    program: &'static str,
}

const SERVICES: &[Service] = &[
    Service {
        krate: "dynamodb",
        model: "dynamodb-2012-08-10.json",
        operations: &["CreateTable", "DescribeTable", "DeleteTable", "PutItem", "GetItem", "Query", "Scan"],
        program: include_str!("../moto/dynamodb.rs"),
    },
    Service {
        krate: "s3",
        model: "s3-2006-03-01.json",
        operations: &[
            "CreateBucket",
            "HeadBucket",
            "DeleteBucket",
            "PutObject",
            "HeadObject",
            "GetObject",
            "DeleteObject",
            "ListObjectsV2",
            "CreateMultipartUpload",
            "UploadPart",
            "CompleteMultipartUpload",
        ],
        program: include_str!("../moto/s3.rs"),
    },
    Service {
        krate: "sts",
        model: "sts-2011-06-15.json",
        operations: &["GetCallerIdentity", "AssumeRole"],
        program: include_str!("../moto/sts.rs"),
    },
    Service {
        krate: "iam",
        model: "iam-2010-05-08.json",
        operations: &["CreateUser", "GetUser", "ListUsers", "CreateRole", "ListRoles"],
        program: include_str!("../moto/iam.rs"),
    },
    Service {
        krate: "sns",
        model: "sns-2010-03-31.json",
        operations: &["CreateTopic", "Publish", "ListTopics"],
        program: include_str!("../moto/sns.rs"),
    },
];

/// The scratch workspace, generated and built (tests not run) once for every test here.
fn workspace(shared: &std::path::Path) -> &'static Scratch {
    static WORKSPACE: OnceLock<Scratch> = OnceLock::new();
    WORKSPACE.get_or_init(|| {
        let mut scratch = Scratch::new("moto-e2e");
        let mut manifest = String::from(
            "[package]\nname = \"moto-harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dev-dependencies]\nhttp = \"1\"\n\
             tokio = { version = \"1\", features = [\"rt\", \"macros\", \"time\", \"fs\", \"io-util\"] }\n",
        );
        let mut files = vec![
            ("src/lib.rs".to_owned(), "//! The programs are in `tests/`.\n".to_owned()),
            ("tests/common/mod.rs".to_owned(), include_str!("../moto/common.rs").to_owned()),
        ];
        for service in SERVICES {
            let mut settings = codegen::Settings::new(shared.join("aws-models").join(service.model))
                .package_name(service.krate)
                .partitions(shared.join("smithy/partitions.json"));
            for operation in service.operations {
                settings = settings.operation(*operation);
            }
            let generated = settings.generate().unwrap_or_else(|e| panic!("{}: {e}", service.model));
            assert!(generated.warnings().is_empty(), "{}: {:?}", service.model, generated.warnings());
            scratch.add_generated(service.krate, &generated);
            manifest.push_str(&format!(
                "{0} = {{ path = \"../{0}\", features = [\"client\"] }}\n",
                service.krate
            ));
            files.push((format!("tests/{}.rs", service.krate), service.program.to_owned()));
        }
        files.push(("Cargo.toml".to_owned(), manifest));
        let files: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), c.as_str())).collect();
        scratch.add_files("harness", &files);
        scratch.cargo(&["test", "--package", "moto-harness", "--no-run"]);
        scratch
    })
}

/// Runs the program of `krate` against a moto server of its own; every one of its tests
/// must pass.
fn run(test: &str, krate: &str) {
    let Some(shared) = codegen_tests::shared_dir(test) else { return };
    // Started before the build: moto's start overlaps it, and a machine without moto skips
    // without building.
    let Some(moto) = MotoServer::start(test) else { return };
    let service = SERVICES.iter().find(|s| s.krate == krate).expect("a listed service");
    let scratch = workspace(&shared);
    let endpoint = moto.endpoint();
    let (success, output) = scratch.cargo_output_with_env(
        &["test", "--package", "moto-harness", "--test", krate],
        &[("MOTO_ENDPOINT", endpoint.as_str())],
    );
    let log = || std::fs::read_to_string(moto.log()).unwrap_or_default();
    assert!(success, "{krate} against moto failed:\n{output}\nmoto's log:\n{}", log());
    let tests = service.program.lines().filter(|line| line.trim() == "#[tokio::test]").count();
    assert!(tests > 0, "{krate}: the program has tests");
    let expected = format!("test result: ok. {tests} passed; 0 failed");
    assert!(output.contains(&expected), "expected {tests} passing tests:\n{output}");
}

#[test]
fn dynamodb_against_moto() {
    run("dynamodb_against_moto", "dynamodb");
}

#[test]
fn s3_against_moto() {
    run("s3_against_moto", "s3");
}

#[test]
fn sts_against_moto() {
    run("sts_against_moto", "sts");
}

#[test]
fn iam_against_moto() {
    run("iam_against_moto", "iam");
}

#[test]
fn sns_against_moto() {
    run("sns_against_moto", "sns");
}
