//! What every moto program shares (copied to `tests/common/mod.rs` in the harness crate).

/// `fn client()`: the `$krate` client for moto at `$MOTO_ENDPOINT`, in `us-east-1`, with
/// moto's fake credentials (it checks that requests are signed, not by whom).
macro_rules! moto_client {
    ($krate:ident) => {
        fn client() -> $krate::client::Client {
            let endpoint = std::env::var("MOTO_ENDPOINT").expect("MOTO_ENDPOINT: the moto server's URL");
            let config = $krate::client::Config::builder()
                .region("us-east-1")
                .credentials($krate::client::Credentials::new("AKIDMOTO", "moto-secret", None))
                .endpoint_url(endpoint)
                .build()
                .expect("config");
            $krate::client::Client::new(config)
        }
    };
}
