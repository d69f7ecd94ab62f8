-- CreateTable
CREATE TABLE "ClientEvent" (
    "id" BIGSERIAL NOT NULL,
    "clientId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" "Role" NOT NULL,
    "actorUnit" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ClientEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClientEvent_clientId_seq_key" ON "ClientEvent"("clientId", "seq");

-- AddForeignKey
ALTER TABLE "ClientEvent" ADD CONSTRAINT "ClientEvent_clientId_fkey" FOREIGN KEY ("clientId") REFERENCES "Client"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The client's history is append-only, like the case's (stegvis_refuse_change from the first migration).
CREATE TRIGGER "ClientEvent_append_only" BEFORE UPDATE OR DELETE ON "ClientEvent"
  FOR EACH ROW EXECUTE FUNCTION "stegvis_refuse_change"();
CREATE TRIGGER "ClientEvent_no_truncate" BEFORE TRUNCATE ON "ClientEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "stegvis_refuse_change"();

-- Every client has a history: those registered before it start with what their row says now,
-- written by Stegvis at the time they were registered.
INSERT INTO "ClientEvent" ("clientId", "seq", "type", "payload", "actorId", "actorRole", "actorUnit", "occurredAt")
SELECT "id", 1, 'CLIENT_REGISTERED', jsonb_build_object('name', "name", 'protectedIdentity', "protectedIdentity"), 'system', 'system', 'Stegvis', "createdAt"
FROM "Client";
