-- CreateIndex
CREATE INDEX "Case_responsibleUserId_updatedAt_number_idx" ON "Case"("responsibleUserId", "updatedAt" DESC, "number" DESC);

-- CreateIndex
CREATE INDEX "Case_unit_updatedAt_number_idx" ON "Case"("unit", "updatedAt" DESC, "number" DESC);

-- CreateIndex
CREATE INDEX "Case_sentToKc_updatedAt_number_idx" ON "Case"("sentToKc", "updatedAt" DESC, "number" DESC);
