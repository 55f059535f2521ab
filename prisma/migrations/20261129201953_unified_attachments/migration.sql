-- One table for every uploaded document (step attachments and closure evidence), told apart by purpose.
-- Written from `scripts/db.sh new unified_attachments`, then edited: the evidence rows move into
-- "Attachment" under their own ids (closure steps' results name them as fileId), and the diff's drop and
-- re-create of "OrgUnit_path_idx" (a text_pattern_ops index Prisma cannot describe) is left out.

-- CreateEnum
CREATE TYPE "AttachmentPurpose" AS ENUM ('STEP_ATTACHMENT', 'CLOSURE_EVIDENCE');

-- AlterTable: every existing row is a step's document
ALTER TABLE "Attachment" ADD COLUMN "purpose" "AttachmentPurpose" NOT NULL DEFAULT 'STEP_ATTACHMENT',
ADD COLUMN     "websiteId" UUID,
ALTER COLUMN "taskId" DROP NOT NULL,
ALTER COLUMN "workflowId" DROP NOT NULL;
ALTER TABLE "Attachment" ALTER COLUMN "purpose" DROP DEFAULT;

-- Move the closure evidence: the owner unit and the flow from the site, the login from the uploader.
INSERT INTO "Attachment" ("id", "purpose", "taskId", "workflowId", "websiteId", "orgUnitId", "filename", "mimeType", "size", "sha256", "content", "uploadedById", "uploadedByLogin", "createdAt")
SELECT e."id", 'CLOSURE_EVIDENCE', NULL, w."workflowId", e."websiteId", w."ownerUnitId", e."fileName", e."mimeType", e."size", e."sha256", e."content", e."uploadedById", COALESCE(u."login", ''), e."createdAt"
FROM "WebsiteEvidence" e
JOIN "Website" w ON w."id" = e."websiteId"
LEFT JOIN "User" u ON u."id" = e."uploadedById";

-- The evidence's type was the one its uploader's browser declared: read it again from the first bytes,
-- as every upload is now. What is none of the accepted types is served as a plain download.
UPDATE "Attachment" SET "mimeType" = CASE
  WHEN substring("content" from 1 for 5) = '\x255044462d'::bytea THEN 'application/pdf'
  WHEN substring("content" from 1 for 3) = '\xffd8ff'::bytea THEN 'image/jpeg'
  WHEN substring("content" from 1 for 8) = '\x89504e470d0a1a0a'::bytea THEN 'image/png'
  WHEN substring("content" from 1 for 4) = '\x504b0304'::bytea AND lower("filename") LIKE '%.ofd' THEN 'application/ofd'
  WHEN substring("content" from 1 for 4) = '\x504b0304'::bytea AND lower("filename") LIKE '%.docx' THEN 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
  WHEN substring("content" from 1 for 8) = '\xd0cf11e0a1b11ae1'::bytea AND lower("filename") LIKE '%.wps' THEN 'application/vnd.ms-works'
  WHEN substring("content" from 1 for 8) = '\xd0cf11e0a1b11ae1'::bytea THEN 'application/msword'
  ELSE 'application/octet-stream'
END
WHERE "purpose" = 'CLOSURE_EVIDENCE';

-- DropTable
DROP TABLE "WebsiteEvidence";

-- A step's document has its task, a piece of evidence its site.
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_owner_check" CHECK (
  ("purpose" = 'STEP_ATTACHMENT' AND "taskId" IS NOT NULL) OR ("purpose" = 'CLOSURE_EVIDENCE' AND "websiteId" IS NOT NULL)
);

-- CreateIndex
CREATE INDEX "Attachment_websiteId_idx" ON "Attachment"("websiteId");

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_websiteId_fkey" FOREIGN KEY ("websiteId") REFERENCES "Website"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
