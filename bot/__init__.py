"""briefbot core: retrieval, cited answers and briefings over an ingested store."""
