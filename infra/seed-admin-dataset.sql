-- A large, realistic dataset for measuring the admin console (infra/admin-timings.sh).
-- Run it on a scratch database that has the migrations applied and nothing else:
--   psql "$DB" -v readers=1000000 -f infra/seed-admin-dataset.sql
-- Reader n (1..:readers) is deterministic: ids are md5-derived UUIDs, emails are <name>.<n>@<domain>.
-- Mix: 30% of readers subscribe (of those: 70% active, 5% trialing, 3% past_due, 20% canceled,
-- 2% incomplete/unpaid; 75% monthly, 25% yearly; 1 in 8 monthly on an older price); 1% took out a second
-- subscription (most while their first is still live); 0.5% have a complimentary grant; histories, invoices and events to match,
-- spread over two years so the last 90 days hold about an eighth of them.
-- infra/seed-readers.sql (the site's load test) seeds readers, subscriptions and grants only; the admin
-- pages also read status history, the webhook inbox, the audit log and price history, which this adds.
-- Run it again and it does nothing; on a database seeded with another size it stops with an error.
\set ON_ERROR_STOP on
\if :{?readers}
\else
  \set readers 1000000
\endif

SELECT EXISTS (SELECT 1 FROM readers WHERE id = md5('reader1')::uuid) AS seeded,
       EXISTS (SELECT 1 FROM readers WHERE id = md5('reader' || :readers)::uuid)
         AND NOT EXISTS (SELECT 1 FROM readers WHERE id = md5('reader' || (:readers + 1))::uuid) AS seeded_this_size \gset
\if :seeded
  \if :seeded_this_size
    \echo 'seed-admin-dataset: already seeded with' :readers 'readers; nothing to do'
    \quit
  \else
    DO $$ BEGIN RAISE EXCEPTION 'seed-admin-dataset: this database holds a seed of another size; use a fresh database per size'; END $$;
  \endif
\endif

BEGIN;

INSERT INTO plans (key, name, description, features, amount, currency, interval, trial_days, archived,
                   stripe_product_id, stripe_price_id, created_at, updated_at)
VALUES ('adfree-monthly', 'Ad-Free Monthly', 'Read without ads. Cancel any time.', '{ad_free}', 500, 'usd', 'month', 0, false,
        'prod_seed_monthly', 'price_seed_monthly_500', now() - interval '2 years', now() - interval '200 days'),
       ('adfree-yearly', 'Ad-Free Yearly', 'Read without ads for a year: two months free.', '{ad_free}', 5000, 'usd', 'year', 14, false,
        'prod_seed_yearly', 'price_seed_yearly_5000', now() - interval '2 years', now() - interval '2 years'),
       ('adfree-launch', 'Launch Offer', 'The 2025 launch price.', '{ad_free}', 300, 'usd', 'month', 0, true,
        'prod_seed_launch', 'price_seed_launch_300', now() - interval '2 years', now() - interval '1 year')
ON CONFLICT DO NOTHING;

INSERT INTO plan_prices (stripe_price_id, plan_key, amount, currency, interval, recorded_at)
VALUES ('price_seed_monthly_400', 'adfree-monthly', 400, 'usd', 'month', now() - interval '2 years'),
       ('price_seed_monthly_500', 'adfree-monthly', 500, 'usd', 'month', now() - interval '200 days')
ON CONFLICT DO NOTHING;

INSERT INTO readers (id, user_name, normalized_user_name, email, normalized_email, email_confirmed, security_stamp,
                     concurrency_stamp, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count,
                     display_name, created_at, stripe_customer_id)
SELECT md5('reader' || n)::uuid,
       e, upper(e), e, upper(e),
       n % 5 <> 0, md5('stamp' || n), md5('concurrency' || n), false, false, true, 0,
       CASE WHEN n % 3 = 0 THEN initcap(name) || ' ' || n END,
       now() - make_interval(days => n % 730, secs => n % 86400),
       CASE WHEN n % 10 < 3 THEN 'cus_seed' || n END
FROM generate_series(1, :readers) AS n,
     LATERAL (SELECT (ARRAY['alice','bob','carol','dave','erin','frank','grace','heidi','ivan','judy','mallory','niaj',
                            'olivia','peggy','rupert','sybil','trent','victor','walter','zoe'])[1 + n % 20] AS name) AS names,
     LATERAL (SELECT name || '.' || n || '@' || (ARRAY['example.test','mail.test','news.test','post.test','inbox.test'])[1 + n % 5] AS e) AS emails;

-- Subscriptions: readers with n % 10 < 3. "k" picks the status, "age" the start (days ago).
INSERT INTO subscriptions (stripe_subscription_id, reader_id, stripe_customer_id, plan_key, stripe_price_id, status,
                           current_period_end, cancel_at_period_end, cancel_at, canceled_at, trial_end,
                           first_failed_payment_at, created_at, updated_at, stripe_created_at)
SELECT 'sub_seed' || n, md5('reader' || n)::uuid, 'cus_seed' || n,
       CASE WHEN yearly THEN 'adfree-yearly' WHEN n % 97 = 0 THEN 'adfree-launch' ELSE 'adfree-monthly' END,
       CASE WHEN yearly THEN 'price_seed_yearly_5000' WHEN n % 97 = 0 THEN 'price_seed_launch_300'
            WHEN n % 8 = 0 THEN 'price_seed_monthly_400' ELSE 'price_seed_monthly_500' END,
       status,
       CASE WHEN status = 'canceled' THEN ended WHEN status = 'incomplete' THEN start + interval '1 day'
            ELSE now() + make_interval(days => 1 + n % 28) END,
       status = 'active' AND n % 11 = 0, NULL,
       CASE WHEN status = 'canceled' THEN ended END,
       CASE WHEN status = 'trialing' THEN now() + make_interval(days => 1 + n % 14) END,
       CASE WHEN status IN ('past_due', 'unpaid') THEN greatest(start, now() - make_interval(days => n % 10)) END,
       start, greatest(start, now() - make_interval(days => n % 30)), start
FROM (SELECT n, yearly, start, status,
             -- Somewhere between the start and now: when a canceled subscription ended.
             start + (now() - start) * ((1 + n % 89) / 90.0) AS ended
      FROM (SELECT n, n % 4 = 0 AS yearly,
             now() - make_interval(days => ((n::bigint * 7919) % 730)::int, secs => n % 86400) AS start,
             CASE WHEN k < 70 THEN 'active' WHEN k < 75 THEN 'trialing' WHEN k < 78 THEN 'past_due'
                  WHEN k < 98 THEN 'canceled' WHEN k < 99 THEN 'incomplete' ELSE 'unpaid' END AS status
      FROM generate_series(1, :readers) AS n, LATERAL (SELECT (n / 10) % 100 AS k) AS pick
      WHERE n % 10 < 3) AS picked) AS s;

-- 1% of subscribers have a second, active subscription (most beside a live first one: one member, two subscriptions).
INSERT INTO subscriptions (stripe_subscription_id, reader_id, stripe_customer_id, plan_key, stripe_price_id, status,
                           current_period_end, cancel_at_period_end, created_at, updated_at, stripe_created_at)
SELECT 'sub_seed_again' || n, md5('reader' || n)::uuid, 'cus_seed' || n, 'adfree-monthly', 'price_seed_monthly_500', 'active',
       now() + make_interval(days => 1 + n % 28), false,
       now() - make_interval(days => n % 90), now(), now() - make_interval(days => n % 90)
FROM generate_series(1, :readers) AS n
WHERE n % 10 < 3 AND n % 100 = 1;

-- History: how each subscription got where it is, caused by webhooks, syncs and the odd admin.
INSERT INTO subscription_history (reader_id, stripe_subscription_id, change, "from", "to", cause, occurred_at)
SELECT s.reader_id, s.stripe_subscription_id, 'status', h."from", h."to", h.cause, h.at
FROM subscriptions s,
     LATERAL (VALUES
        (NULL, CASE WHEN s.plan_key = 'adfree-yearly' AND s.status IN ('trialing', 'active') THEN 'trialing'
                    WHEN s.status = 'incomplete' THEN 'incomplete' ELSE 'active' END,
         'webhook evt_seed_c_' || s.stripe_subscription_id || ' customer.subscription.created', s.created_at),
        -- Only a subscription that began with a trial converts from one.
        (CASE WHEN s.plan_key = 'adfree-yearly' AND s.status IN ('trialing', 'active') THEN 'trialing' END,
         CASE WHEN s.plan_key = 'adfree-yearly' AND s.status IN ('trialing', 'active') THEN 'active' END,
         'webhook customer.subscription.updated', s.created_at + interval '14 days'),
        ('active', CASE WHEN s.status IN ('canceled', 'past_due', 'unpaid') THEN s.status END,
         CASE WHEN s.stripe_subscription_id LIKE '%7' THEN 'scheduled sync' ELSE 'webhook customer.subscription.updated' END,
         coalesce(s.canceled_at, s.first_failed_payment_at, s.updated_at))
     ) AS h("from", "to", cause, at)
WHERE h."to" IS NOT NULL AND h.at <= now()
  -- A trial still running has not converted (IS DISTINCT FROM: "from" is NULL on the first row).
  AND (h."from" IS DISTINCT FROM 'trialing' OR s.status <> 'trialing');

INSERT INTO stripe_events (id, type, stripe_created_at, api_version, payload, received_at, status, attempts,
                           next_attempt_at, processed_at, last_error, reader_id)
SELECT 'evt_seed_' || e.kind || '_' || s.stripe_subscription_id, e.type, e.at, '2025-11-17.clover',
       jsonb_build_object('id', 'evt_seed_' || e.kind || '_' || s.stripe_subscription_id, 'object', 'event', 'type', e.type,
                          'data', jsonb_build_object('object', e.object)),
       e.at + interval '1 second',
       CASE WHEN right(s.stripe_subscription_id, 3) = '502' AND e.kind = 'i' THEN 3 ELSE 1 END,
       CASE WHEN right(s.stripe_subscription_id, 3) = '502' AND e.kind = 'i' THEN 10 ELSE 1 END,
       e.at, e.at + interval '2 seconds',
       CASE WHEN right(s.stripe_subscription_id, 3) = '502' AND e.kind = 'i' THEN 'Stripe could not be reached (seeded failure)' END,
       s.reader_id
FROM subscriptions s,
     LATERAL (VALUES
        ('c', 'customer.subscription.created', s.created_at,
         jsonb_build_object('id', s.stripe_subscription_id, 'object', 'subscription', 'status', s.status)),
        ('i', CASE WHEN s.status IN ('past_due', 'unpaid') THEN 'invoice.payment_failed' ELSE 'invoice.paid' END, s.created_at + interval '5 seconds',
         jsonb_build_object('id', 'in_' || s.stripe_subscription_id, 'object', 'invoice', 'number', upper(substr(md5(s.stripe_subscription_id), 1, 8)) || '-0001',
                            'status', CASE WHEN s.status IN ('past_due', 'unpaid') THEN 'open' ELSE 'paid' END,
                            'amount_due', CASE WHEN s.plan_key = 'adfree-yearly' THEN 5000 ELSE 500 END,
                            'amount_paid', CASE WHEN s.status IN ('past_due', 'unpaid') THEN 0 WHEN s.plan_key = 'adfree-yearly' THEN 5000 ELSE 500 END,
                            'currency', 'usd'))
     ) AS e(kind, type, at, object)
WHERE s.status <> 'incomplete' OR e.kind = 'c';

-- Grant g (reader 200g + 5): a third end on a day of their own, some past, some to come, all after their
-- start; a seventh were ended early by an admin, between their start and now (and before any end).
INSERT INTO grants (id, reader_id, feature, starts_at, until, ended_at, reason, created_by, created_at)
SELECT md5('grant' || n)::uuid, md5('reader' || n)::uuid, 'ad_free', starts_at, until,
       CASE WHEN g % 7 = 0 THEN starts_at + (least(now(), coalesce(until, now())) - starts_at) * ((1 + g % 9) / 10.0) END,
       (ARRAY['Staff', 'Press partner', 'Contest winner', 'Apology for outage'])[1 + g % 4], 'admin@example.test', starts_at
FROM (SELECT n, g, starts_at,
             CASE WHEN g % 3 = 0 THEN starts_at + make_interval(days => 1 + (g * 53) % 500) END AS until
      FROM (SELECT n, n / 200 AS g, now() - make_interval(days => ((n / 200) * 37) % 400, secs => n % 86400) AS starts_at
            FROM generate_series(1, :readers) AS n
            WHERE n % 200 = 5) AS numbered) AS grants_to_be;

INSERT INTO audit_log (actor, action, reader_id, target, details, occurred_at)
SELECT (ARRAY['admin@example.test', 'editor@example.test'])[1 + n % 2],
       (ARRAY['grant.create', 'grant.end', 'reader.sync', 'stripe_event.replay'])[1 + n % 4],
       md5('reader' || (n * 200 + 5))::uuid, md5('grant' || (n * 200 + 5))::uuid::text,
       jsonb_build_object('reason', 'seeded'), now() - make_interval(mins => n * 37)
FROM generate_series(1, LEAST(:readers / 100, 20000)) AS n
WHERE n * 200 + 5 <= :readers;

COMMIT;
-- Visibility maps too, as autovacuum would have by now: index-only scans depend on them.
VACUUM ANALYZE;
