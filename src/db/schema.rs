//! Diesel schema shared by both backends; it mirrors `migrations/{sqlite,postgres}`.

diesel::table! {
    provinces (id) {
        id -> Integer,
        code -> Text,
        slug -> Text,
        name -> Text,
        kind -> Text,
    }
}

diesel::table! {
    province_aliases (id) {
        id -> Integer,
        province_id -> Integer,
        slug -> Text,
        name -> Text,
        name_folded -> Text,
    }
}

diesel::table! {
    categories (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        description -> Text,
        sort_order -> Integer,
    }
}

diesel::table! {
    producers (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        name_folded -> Text,
        legal_name -> Text,
        tax_code -> Nullable<Text>,
        address -> Text,
        province_id -> Nullable<Integer>,
        province_alias_id -> Nullable<Integer>,
        website -> Text,
        phone -> Text,
        email -> Text,
        description -> Text,
        logo_hash -> Nullable<Text>,
        verified -> Bool,
        claimed_by -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        is_demo -> Bool,
    }
}

diesel::table! {
    products (id) {
        id -> Integer,
        producer_id -> Integer,
        category_id -> Integer,
        slug -> Text,
        name -> Text,
        name_folded -> Text,
        brand -> Text,
        description -> Text,
        gtin -> Nullable<Text>,
        status -> Text,
        rejection_reason -> Nullable<Text>,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        pending_changes -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        award_rank -> Integer,
        award_year -> Integer,
        award_valid_until -> Nullable<Date>,
        is_demo -> Bool,
        province_id -> Nullable<Integer>,
        province_alias_id -> Nullable<Integer>,
    }
}

diesel::table! {
    award_list_counts (programme, year, rank) {
        programme -> Text,
        year -> Integer,
        rank -> Integer,
        published -> BigInt,
    }
}

diesel::table! {
    award_keys (programme, year, tier, product_id) {
        programme -> Text,
        year -> Integer,
        tier -> Text,
        product_id -> Integer,
        listed -> Bool,
        published -> Bool,
        rank -> Integer,
        is_demo -> Bool,
        name_folded -> Text,
        category_id -> Integer,
        province_id -> Nullable<Integer>,
        province_alias_id -> Nullable<Integer>,
        published_at -> Nullable<Timestamp>,
        award_year -> Integer,
        award_rank -> Integer,
    }
}

diesel::table! {
    awards (id) {
        id -> Integer,
        product_id -> Nullable<Integer>,
        producer_id -> Nullable<Integer>,
        programme -> Text,
        year -> Integer,
        tier -> Nullable<Text>,
        certificate_no -> Nullable<Text>,
        valid_until -> Nullable<Date>,
        source_url -> Nullable<Text>,
    }
}

diesel::table! {
    point_of_sale_products (point_of_sale_id, product_id) {
        point_of_sale_id -> Integer,
        product_id -> Integer,
    }
}

diesel::table! {
    points_of_sale (id) {
        id -> Integer,
        producer_id -> Integer,
        name -> Text,
        kind -> Text,
        address -> Text,
        ward -> Text,
        province_id -> Integer,
        phone -> Text,
        opening_hours -> Text,
        url -> Text,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        hidden -> Bool,
        needs_review -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    product_images (id) {
        id -> Integer,
        product_id -> Integer,
        content_hash -> Text,
        width -> Integer,
        height -> Integer,
        sort_order -> Integer,
        alt -> Text,
    }
}

diesel::table! {
    featured_collections (id) {
        id -> Integer,
        slug -> Text,
        title -> Text,
        description -> Text,
        sort_order -> Integer,
        starts_at -> Nullable<Timestamp>,
        ends_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        title_en -> Text,
        description_en -> Text,
    }
}

diesel::table! {
    featured_collection_items (id) {
        id -> Integer,
        collection_id -> Integer,
        product_id -> Integer,
        position -> Integer,
    }
}

diesel::table! {
    search_outbox (id) {
        id -> Integer,
        product_id -> Integer,
        enqueued_at -> Timestamp,
        attempts -> Integer,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Integer,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        suspended_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        email_confirmed -> Bool,
        locale -> Text,
        wants_digest -> Bool,
        digest_sent_on -> Nullable<Date>,
    }
}

diesel::table! {
    sessions (id) {
        id -> Integer,
        token_hash -> Text,
        user_id -> Integer,
        csrf_token -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    login_addresses (user_id, address) {
        user_id -> Integer,
        address -> Text,
        last_success_at -> Timestamp,
    }
}

diesel::table! {
    memberships (id) {
        id -> Integer,
        user_id -> Integer,
        producer_id -> Integer,
        status -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rate_limit_events (id) {
        id -> Integer,
        bucket -> Text,
        at -> Timestamp,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Integer,
        actor_id -> Nullable<Integer>,
        actor -> Text,
        action -> Text,
        target -> Text,
        reason -> Text,
        created_at -> Timestamp,
        detail -> Text,
    }
}

diesel::table! {
    award_imports (id) {
        id -> Integer,
        file_name -> Text,
        content -> Text,
        uploaded_by -> Nullable<Integer>,
        preview -> Text,
        line_count -> Integer,
        error_count -> Integer,
        created_at -> Timestamp,
        applied_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    articles (id) {
        id -> Integer,
        slug -> Text,
        title -> Text,
        summary -> Text,
        body_markdown -> Text,
        body_html -> Text,
        topic -> Text,
        status -> Text,
        publish_at -> Nullable<Timestamp>,
        author_id -> Nullable<Integer>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        title_en -> Text,
        summary_en -> Text,
        body_markdown_en -> Text,
        body_html_en -> Text,
    }
}

diesel::table! {
    reports (id) {
        id -> Integer,
        product_id -> Integer,
        reason -> Text,
        message -> Text,
        contact_email -> Nullable<Text>,
        status -> Text,
        resolution_note -> Nullable<Text>,
        resolved_by -> Nullable<Integer>,
        resolved_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    events (id) {
        id -> Integer,
        slug -> Text,
        name -> Text,
        name_en -> Text,
        kind -> Text,
        venue -> Text,
        address -> Text,
        province_id -> Integer,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        starts_on -> Date,
        ends_on -> Date,
        organiser -> Text,
        description -> Text,
        description_en -> Text,
        published -> Bool,
        published_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    event_participants (id) {
        id -> Integer,
        event_id -> Integer,
        producer_id -> Integer,
        product_id -> Nullable<Integer>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    email_tokens (id) {
        id -> Integer,
        user_id -> Integer,
        purpose -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Integer,
        recipient -> Text,
        subject -> Text,
        body_text -> Text,
        kind -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
    }
}

diesel::table! {
    /// Published products per category, kept by triggers (migration `catalogue_counts`).
    category_counts (category_id) {
        category_id -> Integer,
        published -> BigInt,
    }
}

diesel::table! {
    /// Published products per producer, kept by triggers (migration `catalogue_counts`).
    producer_counts (producer_id) {
        producer_id -> Integer,
        published -> BigInt,
    }
}

diesel::table! {
    /// One row: producers with a published product, kept by triggers.
    catalogue_totals (id) {
        id -> Integer,
        producers_with_products -> BigInt,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(email_tokens -> users (user_id));
diesel::joinable!(login_addresses -> users (user_id));
diesel::joinable!(memberships -> users (user_id));
diesel::joinable!(memberships -> producers (producer_id));
diesel::joinable!(province_aliases -> provinces (province_id));
diesel::joinable!(producers -> provinces (province_id));
diesel::joinable!(producers -> province_aliases (province_alias_id));
diesel::joinable!(products -> producers (producer_id));
diesel::joinable!(products -> categories (category_id));
diesel::joinable!(points_of_sale -> producers (producer_id));
diesel::joinable!(points_of_sale -> provinces (province_id));
diesel::joinable!(point_of_sale_products -> points_of_sale (point_of_sale_id));
diesel::joinable!(point_of_sale_products -> products (product_id));
diesel::joinable!(product_images -> products (product_id));
diesel::joinable!(awards -> products (product_id));
diesel::joinable!(award_keys -> products (product_id));
diesel::joinable!(featured_collection_items -> featured_collections (collection_id));
diesel::joinable!(featured_collection_items -> products (product_id));
diesel::joinable!(reports -> products (product_id));
diesel::joinable!(reports -> users (resolved_by));
diesel::joinable!(events -> provinces (province_id));
diesel::joinable!(event_participants -> events (event_id));
diesel::joinable!(event_participants -> producers (producer_id));
diesel::joinable!(event_participants -> products (product_id));

diesel::table! {
    vote_campaigns (id) {
        id -> Integer,
        year -> Integer,
        state -> Text,
        rules -> Text,
        rules_checksum -> Nullable<Text>,
        decision_no -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vote_transitions (id) {
        id -> Integer,
        campaign_id -> Integer,
        from_state -> Text,
        to_state -> Text,
        actor_id -> Nullable<Integer>,
        actor -> Text,
        note -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(vote_transitions -> vote_campaigns (campaign_id));

diesel::table! {
    vote_nominations (id) {
        id -> Integer,
        campaign_id -> Integer,
        producer_id -> Integer,
        product_id -> Integer,
        group_slug -> Text,
        dossier -> Text,
        status -> Text,
        reason -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vote_entries (campaign_id, producer_id) {
        campaign_id -> Integer,
        producer_id -> Integer,
        live -> Integer,
    }
}

diesel::joinable!(vote_nominations -> vote_campaigns (campaign_id));
diesel::joinable!(vote_nominations -> producers (producer_id));
diesel::joinable!(vote_nominations -> products (product_id));

diesel::table! {
    vote_paper_batches (id) {
        id -> Integer,
        campaign_id -> Integer,
        code -> Text,
        place -> Text,
        day -> Date,
        officer_a -> Text,
        officer_b -> Text,
        sheets_issued -> Integer,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    vote_paper_entries (id) {
        id -> Integer,
        batch_id -> Integer,
        entry_no -> Integer,
        entered_by -> Integer,
        sheets_returned -> Integer,
        marks -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(vote_paper_batches -> vote_campaigns (campaign_id));
diesel::joinable!(vote_paper_entries -> vote_paper_batches (batch_id));

diesel::table! {
    vote_jurors (campaign_id, user_id) {
        campaign_id -> Integer,
        user_id -> Integer,
        number -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    vote_jury_scores (id) {
        id -> Integer,
        campaign_id -> Integer,
        user_id -> Integer,
        nomination_id -> Integer,
        criterion -> Text,
        score -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(vote_jury_scores -> vote_nominations (nomination_id));

diesel::table! {
    vote_ballots (id) {
        id -> Integer,
        campaign_id -> Integer,
        channel -> Text,
        status -> Text,
        identity_hash -> Nullable<Text>,
        picks -> Text,
        token_hash -> Nullable<Text>,
        receipt_hash -> Nullable<Text>,
        address_key -> Nullable<Text>,
        subnet -> Nullable<Text>,
        consent_notice -> Text,
        invalid_reason -> Nullable<Text>,
        created_at -> Timestamp,
        confirmed_at -> Nullable<Timestamp>,
        code_hash -> Nullable<Text>,
        code_tries -> Integer,
    }
}

diesel::table! {
    vote_contacts (campaign_id, identity_hash) {
        campaign_id -> Integer,
        identity_hash -> Text,
        contact -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    vote_pow_spent (nonce) {
        nonce -> Text,
        spent_at -> Timestamp,
    }
}

diesel::table! {
    vote_files (campaign_id, name) {
        campaign_id -> Integer,
        name -> Text,
        body -> Text,
        sha256 -> Text,
        written_at -> Timestamp,
    }
}

diesel::table! {
    vote_objections (id) {
        id -> Integer,
        campaign_id -> Integer,
        producer_id -> Integer,
        nomination_id -> Nullable<Integer>,
        body -> Text,
        status -> Text,
        answer -> Text,
        decided_by -> Nullable<Integer>,
        created_at -> Timestamp,
        decided_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    vote_flags (ballot_id, rule) {
        ballot_id -> Integer,
        rule -> Text,
    }
}

diesel::table! {
    vote_detections (id) {
        id -> Integer,
        campaign_id -> Integer,
        ran_at -> Timestamp,
        ballots -> Integer,
        flagged -> Integer,
    }
}

diesel::joinable!(vote_ballots -> vote_campaigns (campaign_id));
diesel::joinable!(vote_flags -> vote_ballots (ballot_id));

diesel::table! {
    deferred_indexes (name) {
        name -> Text,
        definition -> Text,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    provinces,
    province_aliases,
    categories,
    producers,
    products,
    awards,
    points_of_sale,
    point_of_sale_products,
    product_images,
    featured_collections,
    featured_collection_items,
    search_outbox,
    users,
    sessions,
    login_addresses,
    memberships,
    rate_limit_events,
    audit_log,
    award_imports,
    articles,
    reports,
    events,
    event_participants,
    email_tokens,
    mail_outbox,
    category_counts,
    producer_counts,
    catalogue_totals,
    award_keys,
    award_list_counts,
    vote_campaigns,
    vote_transitions,
    vote_nominations,
    vote_entries,
    vote_paper_batches,
    vote_paper_entries,
    vote_jurors,
    vote_jury_scores,
    vote_ballots,
    vote_contacts,
    vote_pow_spent,
    vote_files,
    vote_objections,
    vote_flags,
    vote_detections,
);
