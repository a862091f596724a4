package dev.oauthrouter.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.StoredToken;
import dev.oauthrouter.store.TestDatabase;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcUsageSinkTest {
    private static final Instant DAY_ONE = Instant.parse("2026-12-01T08:00:00Z");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void every_row_of_a_burst_is_written_by_close(Dialect dialect) {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open();
            JdbcTokenStore store = new JdbcTokenStore(db);
            long a = store.insert("a", "h-a", "s", "free", List.of(), DAY_ONE, Optional.empty());
            long b = store.insert("b", "h-b", "s", "free", List.of(), DAY_ONE, Optional.empty());
            JdbcUsageSink sink = new JdbcUsageSink(db, 5_000, 50, Duration.ofSeconds(5));
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 1_000; i++) {
                    int n = i;
                    exec.submit(() -> sink.record(row(n, n % 4 == 0 ? b : a)));
                }
            }
            sink.close();
            assertThat(sink.written()).isEqualTo(1_000);
            assertThat(sink.dropped()).isZero();

            UsageReport all = new UsageReports(db).month("2026-12");
            assertThat(all.totals()).isEqualTo(new UsageCounts(1_000, 750 * 10 + 250 * 10, 500 * 5));
            assertThat(all.byToken()).extracting(UsageReport.Row::key).containsExactly("a", "b");
            assertThat(all.byToken().getFirst().counts().requests()).isEqualTo(750);
            assertThat(all.byModel()).extracting(UsageReport.Row::key)
                    .containsExactlyInAnyOrder("openai/gpt-4o", "groq/llama-3.3-70b-versatile");
            assertThat(all.byDay()).extracting(UsageReport.Row::key).containsExactly("2026-12-01",
                    "2026-12-02");
            assertThat(all.byDay().stream().mapToLong(r -> r.counts().requests()).sum()).isEqualTo(1_000);
            assertThat(all.byDayModel()).hasSize(4);

            UsageReport onlyB = new UsageReports(db).month("2026-12", b);
            assertThat(onlyB.totals().requests()).isEqualTo(250);
            assertThat(new UsageReports(db).month("2026-11").totals().requests()).isZero();

            StoredToken tokenA = store.byName("a").orElseThrow();
            assertThat(tokenA.lastUsedAt()).contains(DAY_ONE.plus(Duration.ofDays(1)));
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rows_recorded_while_closing_are_not_lost(Dialect dialect) throws Exception {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open();
            long id = new JdbcTokenStore(db).insert("c", "h", "s", "free", List.of(), DAY_ONE,
                    Optional.empty());
            JdbcUsageSink sink = new JdbcUsageSink(db, 5_000, 20, Duration.ofSeconds(5));
            try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 600; i++) {
                    int n = i;
                    exec.submit(() -> sink.record(row(n, id)));
                    if (i == 300) {
                        exec.submit(sink::close);
                    }
                }
            }
            sink.close();
            assertThat(sink.dropped()).isZero();
            assertThat(new UsageReports(db).month("2026-12").totals().requests()).isEqualTo(600);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void abandoned_streams_without_usage_are_kept_with_null_counts(Dialect dialect) {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open();
            long id = new JdbcTokenStore(db).insert("s", "h", "s", "free", List.of(), DAY_ONE,
                    Optional.empty());
            JdbcUsageSink sink = JdbcUsageSink.create(db);
            sink.record(new UsageRecord("r1", id, "openai", "gpt-4o", 200, Usage.UNKNOWN, 1200, DAY_ONE,
                    true, true));
            sink.record(new UsageRecord("r2", id, "openai", "gpt-4o", 200, new Usage(7, 3, -1, -1), 900,
                    DAY_ONE, true, false));
            sink.close();
            UsageReport r = new UsageReports(db).month("2026-12");
            assertThat(r.totals()).isEqualTo(new UsageCounts(2, 7, 3));
        }
    }

    private static UsageRecord row(int n, long tokenId) {
        boolean even = n % 2 == 0;
        return new UsageRecord("req-" + n, tokenId, even ? "openai" : "groq",
                even ? "gpt-4o" : "llama-3.3-70b-versatile", 200,
                new Usage(10, even ? 5 : 0, -1, -1), 50, DAY_ONE.plus(Duration.ofDays(n % 3 == 0 ? 1 : 0)),
                n % 5 == 0, false);
    }
}
