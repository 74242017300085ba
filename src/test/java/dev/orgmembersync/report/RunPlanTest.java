package dev.orgmembersync.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.orgmembersync.auth0.Bucket;
import dev.orgmembersync.auth0.Paces;
import dev.orgmembersync.auth0.RateLimitProperties;

class RunPlanTest {

    private static Paces paces(double tenantPerSecond) {
        return new Paces(new RateLimitProperties(new RateLimitProperties.Writes(200, 20),
                new RateLimitProperties.Reads(500, 40), new RateLimitProperties.Tenant(tenantPerSecond, 0),
                new RateLimitProperties.OrganizationsByName(100, 10), new RateLimitProperties.Users(150, 10),
                new RateLimitProperties.Invitations(150, 10),
                new RateLimitProperties.UserReads(500, 40), new RateLimitProperties.Roles(150, 10),
                new RateLimitProperties.MemberRoles(200, 20)));
    }

    @Test
    void shouldAddStepsOneAfterAnotherEachAsLongAsItsSlowestBucket() {
        // given names (60 at 100/min: 36 s), a snapshot (250 at 500/min: 30 s), adds with lookups side by side
        // (1,234 writes at 200/min: 370.2 s; 100 user reads at 500/min: 12 s) and verify (310 at 500/min: 37.2 s)
        List<Map<Bucket, Long>> phases = List.of(Map.of(Bucket.ORGANIZATIONS_BY_NAME, 60L),
                Map.of(Bucket.MEMBER_READS, 250L), Map.of(Bucket.MEMBER_WRITES, 1234L, Bucket.USER_READS, 100L),
                Map.of(Bucket.MEMBER_READS, 310L));
        // when
        RunPlan plan = RunPlan.of(phases, paces(0));
        // then
        assertThat(plan.apiSeconds()).isEqualTo(36 + 30 + 370.2 + 37.2);
        assertThat(plan.buckets()).containsExactly(new RunPlan.BucketPlan("member_writes", 1234, 200, 370.2),
                new RunPlan.BucketPlan("member_reads", 560, 500, 67.2),
                new RunPlan.BucketPlan("organizations_by_name", 60, 100, 36),
                new RunPlan.BucketPlan("user_reads", 100, 500, 12));
        assertThat(plan.describe()).isEqualTo("plan: 1,234 member writes, 560 member reads, 60 organization lookups"
                + " by name, 100 user reads; about 7 min 53 s at 200 writes/min");
    }

    @Test
    void shouldBoundEachStepByTheTenantWideLimitWhenItIsSlower() {
        // given a free tenant's 2 calls/s for everything
        List<Map<Bucket, Long>> phases = List.of(Map.of(Bucket.MEMBER_READS, 100L),
                Map.of(Bucket.MEMBER_WRITES, 300L, Bucket.USER_READS, 20L));
        // when
        RunPlan plan = RunPlan.of(phases, paces(2));
        // then reads take 50 s instead of 12, the adds 160 s (320 calls) instead of 90
        assertThat(plan.apiSeconds()).isEqualTo(50 + 160);
        assertThat(plan.buckets()).contains(new RunPlan.BucketPlan(RunPlan.TENANT, 420, 120, 210));
        assertThat(plan.describe()).endsWith("about 3 min 30 s at 120 calls/min");
    }
}
