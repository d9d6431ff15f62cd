using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommentModeration.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DesksAndClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Section",
                table: "Articles",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ModeratorDesks",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false),
                    Section = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModeratorDesks", x => new { x.UserId, x.Section });
                    table.ForeignKey(
                        name: "FK_ModeratorDesks_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QueueClaims",
                columns: table => new
                {
                    CommentId = table.Column<long>(type: "bigint", nullable: false),
                    ClaimantId = table.Column<string>(type: "text", nullable: false),
                    ClaimantName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueueClaims", x => x.CommentId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Section",
                table: "Articles",
                column: "Section");

            migrationBuilder.CreateIndex(
                name: "IX_QueueClaims_ClaimantId",
                table: "QueueClaims",
                column: "ClaimantId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModeratorDesks");

            migrationBuilder.DropTable(
                name: "QueueClaims");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Section",
                table: "Articles");

            migrationBuilder.DropColumn(
                name: "Section",
                table: "Articles");
        }
    }
}
