using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuthorStatusLookup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }
    }
}
