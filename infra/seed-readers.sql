-- Seeds bench readers with a realistic mix of entitlement states, with generate_series (about 10 s per
-- 100,000 readers on a laptop). Idempotent: existing rows are kept, so a rerun with more tops up.
--
--   psql "$DATABASE_URL" -v readers=1000000 -f infra/seed-readers.sql
--
-- Reader n is reader-<n>@bench.example.test with id md5('bench-reader-<n>')::uuid (so a load test can
-- compute ids without reading them back); no password (nobody can sign in as one). The mix, by n % 100:
--   0-49 none · 50-79 active (75-79 cancelling at period end) · 80-84 trialing ·
--   85-87 past_due within grace · 88-89 past_due past grace · 90-96 canceled · 97-99 complimentary grant
-- Plans adfree-monthly and adfree-yearly are created when missing. Grace is assumed 7 days.
\set ON_ERROR_STOP on
\if :{?readers}
\else
\set readers 100000
\endif

BEGIN;

INSERT INTO plans (key, name, description, features, amount, currency, interval, trial_days, archived, created_at, updated_at)
VALUES ('adfree-monthly', 'Ad-Free Monthly', 'Read without ads.', '{ad_free}', 500, 'usd', 'month', 0, false, now(), now()),
       ('adfree-yearly', 'Ad-Free Yearly', 'Read without ads, a year at a time.', '{ad_free}', 5000, 'usd', 'year', 0, false, now(), now())
ON CONFLICT (key) DO NOTHING;

CREATE TEMP TABLE bench_seed ON COMMIT DROP AS
SELECT n,
       md5('bench-reader-' || n)::uuid AS id,
       n % 100 AS bucket,
       now() - (n % 730) * interval '1 day' - (n % 86400) * interval '1 second' AS joined
FROM generate_series(1, :readers) AS n;

INSERT INTO readers (id, display_name, created_at, stripe_customer_id, user_name, normalized_user_name, email, normalized_email,
                     email_confirmed, security_stamp, concurrency_stamp, phone_number_confirmed, two_factor_enabled,
                     lockout_enabled, access_failed_count)
SELECT id, 'Reader ' || n, joined,
       CASE WHEN bucket BETWEEN 50 AND 96 THEN 'cus_bench_' || n END,
       'reader-' || n || '@bench.example.test', 'READER-' || n || '@BENCH.EXAMPLE.TEST',
       'reader-' || n || '@bench.example.test', 'READER-' || n || '@BENCH.EXAMPLE.TEST',
       true, upper(md5('stamp-' || n)), md5('concurrency-' || n)::uuid::text, false, false, true, 0
FROM bench_seed
ON CONFLICT (id) DO NOTHING;

INSERT INTO subscriptions (stripe_subscription_id, reader_id, stripe_customer_id, plan_key, status, current_period_end,
                           cancel_at_period_end, cancel_at, canceled_at, trial_end, first_failed_payment_at,
                           created_at, updated_at, stripe_created_at)
SELECT 'sub_bench_' || n, id, 'cus_bench_' || n,
       CASE WHEN n % 4 = 0 THEN 'adfree-yearly' ELSE 'adfree-monthly' END,
       CASE WHEN bucket < 80 THEN 'active' WHEN bucket < 85 THEN 'trialing' WHEN bucket < 90 THEN 'past_due' ELSE 'canceled' END,
       CASE
           WHEN bucket < 85 THEN now() + (1 + n % 30) * interval '1 day'           -- paid or trial period running
           WHEN bucket < 88 THEN now() - (n % 6) * interval '1 day' - interval '1 hour' -- renewal failed 0-5 days ago
           WHEN bucket < 90 THEN now() - (8 + n % 20) * interval '1 day'          -- renewal failed 8-27 days ago
           ELSE now() - (1 + n % 200) * interval '1 day'                          -- ended
       END,
       bucket BETWEEN 75 AND 79, NULL,
       CASE WHEN bucket >= 90 THEN now() - (1 + n % 200) * interval '1 day' END,
       CASE WHEN bucket BETWEEN 80 AND 84 THEN now() + (1 + n % 30) * interval '1 day' END,
       CASE
           WHEN bucket BETWEEN 85 AND 87 THEN now() - (n % 6) * interval '1 day' - interval '1 hour'
           WHEN bucket BETWEEN 88 AND 89 THEN now() - (8 + n % 20) * interval '1 day'
       END,
       joined, now(), joined
FROM bench_seed
WHERE bucket BETWEEN 50 AND 96
ON CONFLICT (stripe_subscription_id) DO NOTHING;

INSERT INTO grants (id, reader_id, feature, starts_at, until, ended_at, reason, created_by, created_at)
SELECT md5('bench-grant-' || n)::uuid, id, 'ad_free', joined,
       CASE WHEN n % 2 = 0 THEN NULL ELSE now() + (30 + n % 300) * interval '1 day' END,
       NULL, 'Bench: complimentary', 'bench', joined
FROM bench_seed
WHERE bucket >= 97
ON CONFLICT (id) DO NOTHING;

COMMIT;

ANALYZE readers;
ANALYZE subscriptions;
ANALYZE grants;
