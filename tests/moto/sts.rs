//! STS (awsQuery) through the generated client (crate `sts`, `client` feature) against moto
//! at `$MOTO_ENDPOINT`: form requests, `<OpResponse><OpResult>` responses. Run by
//! `tests/tests/moto_e2e.rs`.

#[macro_use]
mod common;

use sts::operation::assume_role::AssumeRoleInput;
use sts::operation::get_caller_identity::GetCallerIdentityInput;

moto_client!(sts);

#[tokio::test]
async fn get_caller_identity() {
    let input = GetCallerIdentityInput::builder().build().expect("input");
    let identity = client().get_caller_identity_with(input).await.expect("GetCallerIdentity");
    let account = identity.account().expect("an account");
    assert!(account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()), "{account}");
    assert!(identity.arn().is_some_and(|arn| arn.starts_with("arn:aws:")), "{:?}", identity.arn());
}

#[tokio::test]
async fn assume_role_gives_session_credentials() {
    let input = AssumeRoleInput::builder()
        .role_arn("arn:aws:iam::123456789012:role/moto-role")
        .role_session_name("e2e-session")
        .duration_seconds(900)
        .build()
        .expect("input");
    let output = client().assume_role_with(input).await.expect("AssumeRole");
    let credentials = output.credentials().expect("credentials");
    assert!(!credentials.access_key_id().is_empty());
    assert!(!credentials.secret_access_key().is_empty());
    assert!(!credentials.session_token().is_empty());
    let user = output.assumed_role_user().expect("the assumed role");
    assert!(user.arn().ends_with("moto-role/e2e-session"), "{}", user.arn());
}
