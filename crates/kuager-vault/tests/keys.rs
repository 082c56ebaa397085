use kuager_vault::{KdfParams, MasterKey, VaultError};

#[test]
fn key_file_round_trip_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kuager.key");
    let key = MasterKey::generate();
    key.write_key_file(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "key file must be private, mode {mode:o}");
    }
    let read = MasterKey::from_key_file(&path).unwrap();
    assert_eq!(*read.sqlcipher_key_literal(), *key.sqlcipher_key_literal());
    // Never overwrite a key.
    assert!(matches!(
        MasterKey::generate().write_key_file(&path),
        Err(VaultError::KeyFileWrite { .. })
    ));

    let bad = dir.path().join("bad.key");
    std::fs::write(&bad, "not a key").unwrap();
    let err = MasterKey::from_key_file(&bad).unwrap_err();
    assert!(matches!(err, VaultError::KeyFileMalformed { .. }));
    assert!(err.to_string().contains("bad.key"));
    let missing = MasterKey::from_key_file(&dir.path().join("none.key")).unwrap_err();
    assert!(missing.to_string().contains("none.key"));
}

#[test]
fn passphrase_gives_the_same_key_only_with_the_same_salt() {
    let mut params = KdfParams::new_random();
    // Small cost: the test checks behaviour, not strength.
    params.memory_kib = 1024;
    params.iterations = 1;
    let a = MasterKey::from_passphrase("correct horse battery", &params).unwrap();
    let b = MasterKey::from_passphrase("correct horse battery", &params).unwrap();
    let c = MasterKey::from_passphrase("correct horse batterz", &params).unwrap();
    assert_eq!(*a.sqlcipher_key_literal(), *b.sqlcipher_key_literal());
    assert_ne!(*a.sqlcipher_key_literal(), *c.sqlcipher_key_literal());
    let mut other_salt = KdfParams::new_random();
    other_salt.memory_kib = 1024;
    other_salt.iterations = 1;
    let d = MasterKey::from_passphrase("correct horse battery", &other_salt).unwrap();
    assert_ne!(*a.sqlcipher_key_literal(), *d.sqlcipher_key_literal());
    assert!(matches!(
        MasterKey::from_passphrase("", &params),
        Err(VaultError::EmptyPassphrase)
    ));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.kdf.json");
    params.save(&path).unwrap();
    assert_eq!(KdfParams::load(&path).unwrap(), params);
}
