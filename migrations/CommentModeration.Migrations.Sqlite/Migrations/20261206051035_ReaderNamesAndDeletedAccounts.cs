using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReaderNamesAndDeletedAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DeletedAccountComments",
                table: "DiscussionSettings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Data fix, keep it when migrations are combined. Registration asked for no display name, and
            // posting fell back to the user name, which is the email: accounts without a name fit to
            // show get "Reader" and the start of their id (ReaderNames.Fallback), and every comment
            // of an account shows its current name.
            migrationBuilder.Sql("""
                UPDATE "AspNetUsers" SET "DisplayName" = 'Reader ' || substr("Id", 1, 6)
                WHERE trim("DisplayName") = '' OR "DisplayName" LIKE '%_@_%._%';

                UPDATE "Comments" SET "AuthorName" = "u"."DisplayName"
                FROM "AspNetUsers" AS "u"
                WHERE "Comments"."AuthorKey" = 'user:' || "u"."Id" AND "Comments"."AuthorName" <> "u"."DisplayName";

                UPDATE "AuthorStandings" SET "Name" = "u"."DisplayName"
                FROM "AspNetUsers" AS "u"
                WHERE "AuthorStandings"."AuthorKey" = 'user:' || "u"."Id" AND "AuthorStandings"."Name" <> "u"."DisplayName";
                """);

            // Comments of accounts deleted before now stayed public under the email: they become
            // "deleted user", as the default policy keeps them, under a key of their own per account.
            migrationBuilder.Sql("""
                CREATE TEMP TABLE "DeletedAuthorKeys" AS
                SELECT "Old", 'deleted:' || lower(hex(randomblob(16))) AS "New"
                FROM (SELECT DISTINCT "AuthorKey" AS "Old" FROM "Comments"
                      WHERE "AuthorKey" >= 'user:' AND "AuthorKey" < 'user;'
                        AND NOT EXISTS (SELECT 1 FROM "AspNetUsers" AS "u" WHERE 'user:' || "u"."Id" = "Comments"."AuthorKey"));

                UPDATE "Comments" SET
                    "AuthorName" = 'deleted user', "AuthorEmail" = '', "AuthorUrl" = '', "Ip" = '', "UserAgent" = '', "UserId" = NULL,
                    "AuthorKey" = (SELECT "New" FROM "DeletedAuthorKeys" WHERE "Old" = "Comments"."AuthorKey")
                WHERE "AuthorKey" IN (SELECT "Old" FROM "DeletedAuthorKeys");

                DROP TABLE "DeletedAuthorKeys";

                DELETE FROM "AuthorStandings" WHERE "AuthorKey" >= 'user:' AND "AuthorKey" < 'user;'
                    AND NOT EXISTS (SELECT 1 FROM "AspNetUsers" AS "u" WHERE 'user:' || "u"."Id" = "AuthorStandings"."AuthorKey");
                DELETE FROM "AuthorNotes" WHERE "AuthorKey" >= 'user:' AND "AuthorKey" < 'user;'
                    AND NOT EXISTS (SELECT 1 FROM "AspNetUsers" AS "u" WHERE 'user:' || "u"."Id" = "AuthorNotes"."AuthorKey");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DeletedAccountComments",
                table: "DiscussionSettings");
        }
    }
}
