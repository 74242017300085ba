package dev.orgmembersync.sync;

import dev.orgmembersync.report.RunSummary;

import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * summary.json's {@code users} block, from the ExecutionContexts of resolveUsersStep and inviteUsersStep (possibly of
 * an earlier attempt).
 */
final class UserLookupSummary {

    private UserLookupSummary() {
    }

    static RunSummary.Users of(JobRepository repository, JobInstance instance) {
        StepExecution step = repository.getLastStepExecution(instance, MemberSyncJobConfiguration.RESOLVE_USERS_STEP);
        ExecutionContext context = step == null ? new ExecutionContext() : step.getExecutionContext();
        StepExecution invite = repository.getLastStepExecution(instance, MemberSyncJobConfiguration.INVITE_USERS_STEP);
        ExecutionContext invited = invite == null ? new ExecutionContext() : invite.getExecutionContext();
        return new RunSummary.Users(context.getString(UserResolver.LOOKUP, UserResolver.NONE),
                context.getInt(UserResolver.RESOLVED, 0), context.getInt(UserResolver.AMBIGUOUS, 0),
                context.getInt(UserResolver.UNKNOWN, 0),
                context.containsKey(UsersExport.SECONDS) ? context.getDouble(UsersExport.SECONDS) : null,
                new RunSummary.Invitations(invited.getInt(Inviter.INVITED, 0), invited.getInt(Inviter.ALREADY_INVITED, 0),
                        invited.getInt(Inviter.WOULD_INVITE, 0), invited.getInt(Inviter.FAILED, 0)));
    }
}
