using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class WordPressImportKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Kind",
                table: "Comments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "SourceCommentId",
                table: "Comments",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SourcePostId",
                table: "Articles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceSite",
                table: "Articles",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Articles_SourceSite_SourcePostId",
                table: "Articles",
                columns: new[] { "SourceSite", "SourcePostId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Articles_SourceSite_SourcePostId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "SourceCommentId",
                table: "Comments");

            migrationBuilder.DropColumn(
                name: "SourcePostId",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "SourceSite",
                table: "Articles");
        }
    }
}
