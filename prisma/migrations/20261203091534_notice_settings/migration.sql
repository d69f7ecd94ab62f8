-- The reminder and escalation days the deadlines' stored e-mail days ("Deadline"."nextNoticeOn", migration
-- 20261203090000_deadline_next_notice_on) were computed with: one row. The scheduler's first sweep in a process
-- compares its own settings with it; if they differ (or no row is here yet) it gives every open deadline an early day
-- again and stores its settings (src/notifications/scheduler.ts alignNoticeDays). A day computed with fewer reminder
-- days or more escalation days than now would come too late and lose an e-mail.
CREATE TABLE "NoticeSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "reminderWorkingDaysBefore" INTEGER NOT NULL,
    "escalationDays" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NoticeSettings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "NoticeSettings_one_row" CHECK ("id" = 1)
);
