-- CreateTable
CREATE TABLE "GallringRun" (
    "id" BIGSERIAL NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),
    "asOf" TIMESTAMPTZ(3) NOT NULL,
    "dryRun" BOOLEAN NOT NULL,
    "trigger" TEXT NOT NULL,
    "scheduledDay" DATE,
    "rule" JSONB NOT NULL,
    "persons" INTEGER NOT NULL DEFAULT 0,
    "rows" JSONB NOT NULL DEFAULT '{}',
    "kept" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "GallringRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GallringRun_scheduledDay_key" ON "GallringRun"("scheduledDay");

-- Hand-written: the append-only tables stay append-only, except for gallring (src/gallring/gallring.ts).
-- Gallring deletes a person's records in one transaction of its own, after
-- set_config('stegvis.gallring', 'on', true) (transaction-local; it switches it off again before
-- committing). An UPDATE is always refused, a TRUNCATE too, and a DELETE without the setting.
CREATE OR REPLACE FUNCTION "stegvis_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('stegvis.gallring', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
