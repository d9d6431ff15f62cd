using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CompleteAuditLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ModerationEvents_At",
                table: "ModerationEvents");

            migrationBuilder.AddColumn<string>(
                name: "DecidingCheck",
                table: "ModerationEvents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModerationEvents_At_Id",
                table: "ModerationEvents",
                columns: new[] { "At", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ModerationEvents_At_Id",
                table: "ModerationEvents");

            migrationBuilder.DropColumn(
                name: "DecidingCheck",
                table: "ModerationEvents");

            migrationBuilder.CreateIndex(
                name: "IX_ModerationEvents_At",
                table: "ModerationEvents",
                column: "At");
        }
    }
}
