//! IAM (awsQuery) through the generated client (crate `iam`, `client` feature) against moto
//! at `$MOTO_ENDPOINT`: users, roles paged with `Marker`/`IsTruncated`, and the typed
//! `NoSuchEntity` error (an `@awsQueryError` code). Run by `tests/tests/moto_e2e.rs`.

#[macro_use]
mod common;

use iam::operation::create_role::CreateRoleInput;
use iam::operation::create_user::CreateUserInput;
use iam::operation::get_user::{GetUserError, GetUserInput};
use iam::operation::list_roles::ListRolesInput;
use iam::operation::list_users::ListUsersInput;

moto_client!(iam);

/// Users, created and listed (moto answers `ListUsers` in one page).
#[tokio::test]
async fn users_are_created_and_listed() {
    let client = client();
    for i in 1..=3 {
        let input = CreateUserInput::builder().user_name(format!("user-{i}")).path("/e2e/").build().expect("input");
        let output = client.create_user_with(input).await.expect("CreateUser");
        assert_eq!(output.user().map(|u| u.user_name()), Some(format!("user-{i}").as_str()));
    }
    let input = ListUsersInput::builder().path_prefix("/e2e/").build().expect("input");
    let page = client.list_users_with(input).await.expect("ListUsers");
    let mut names: Vec<&str> = page.users().iter().map(|user| user.user_name()).collect();
    names.sort_unstable();
    assert_eq!(names, ["user-1", "user-2", "user-3"]);
    assert!(!page.is_truncated());
}

/// Five roles, two a page: the paginator sends each page's `Marker` back until `IsTruncated`
/// is false (moto pages `ListRoles`).
#[tokio::test]
async fn roles_page_with_markers() {
    let client = client();
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    for i in 1..=5 {
        let input = CreateRoleInput::builder()
            .role_name(format!("role-{i}"))
            .path("/pages/")
            .assume_role_policy_document(trust)
            .build()
            .expect("input");
        client.create_role_with(input).await.expect("CreateRole");
    }
    let input = ListRolesInput::builder().path_prefix("/pages/").max_items(2).build().expect("input");
    let mut pages = client.list_roles_paginator(input);
    let mut sizes = Vec::new();
    let mut names = Vec::new();
    while let Some(page) = pages.next_page().await {
        let page = page.expect("ListRoles page");
        sizes.push(page.roles().len());
        names.extend(page.roles().iter().map(|role| role.role_name().to_owned()));
        assert_eq!(page.is_truncated(), page.marker().is_some());
    }
    assert_eq!(sizes, [2, 2, 1]);
    names.sort();
    assert_eq!(names, ["role-1", "role-2", "role-3", "role-4", "role-5"]);
}

#[tokio::test]
async fn a_missing_user_is_no_such_entity() {
    let input = GetUserInput::builder().user_name("nobody-here").build().expect("input");
    let error = client().get_user_with(input).await.expect_err("no such user");
    assert_eq!(error.status(), Some(404));
    let error = error.into_service_error().expect("a service error");
    assert_eq!(error.code(), Some("NoSuchEntity"));
    assert!(matches!(error, GetUserError::NoSuchEntityException(_)), "{error:?}");
}
