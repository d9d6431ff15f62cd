using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PostingAndPagingLookups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PublishedThreadCount",
                table: "Articles",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Existing articles start from their comments as they stand.
            migrationBuilder.Sql("""
                UPDATE "Articles" SET "PublishedThreadCount" = (
                    SELECT COUNT(*) FROM "Comments" AS "c"
                    WHERE "c"."ArticleId" = "Articles"."Id" AND "c"."Status" = 1 AND "c"."ParentId" IS NULL AND NOT "c"."HiddenByReports");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Comments_AuthorKey_Status_ArticleId_AuthorName",
                table: "Comments",
                columns: new[] { "AuthorKey", "Status", "ArticleId", "AuthorName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Comments_AuthorKey_Status_ArticleId_AuthorName",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "PublishedThreadCount",
                table: "Articles");
        }
    }
}
