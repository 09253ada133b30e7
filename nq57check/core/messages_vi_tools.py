"""Vietnamese for the importers' refusals, the system's words and the command line's
errors (click's own included): the second half of the catalog of :mod:`.messages_vi`."""

from __future__ import annotations

CATALOG: tuple[tuple[str, str], ...] = (
    # importers/: a Word/Excel/PDF document that cannot be read
    (
        "not a PDF (no %PDF header); the file is damaged or misnamed.",
        "không phải tệp PDF (không có phần đầu %PDF); tệp bị hỏng hoặc đặt sai tên.",
    ),
    (
        "the file is password-protected (encrypted). Open it, remove the password (File > Info >"
        " Protect > Encrypt with password: clear it), save, and import again.",
        "tệp có mật khẩu (đã mã hóa). Hãy mở tệp, bỏ mật khẩu (File > Info > Protect > Encrypt"
        " with password: xóa mật khẩu), lưu lại rồi nhập lại.",
    ),
    (
        "an old binary Word file (.doc): open it in Word or LibreOffice Writer, 'Save As' Word"
        " Document (.docx), and import the .docx",
        "tệp Word nhị phân kiểu cũ (.doc): hãy mở bằng Word hoặc LibreOffice Writer, chọn 'Save"
        " As' Word Document (.docx) rồi nhập tệp .docx",
    ),
    (
        "an old binary Excel file (.xls): open it in Excel or LibreOffice Calc, 'Save As' Excel"
        " Workbook (.xlsx), and import the .xlsx",
        "tệp Excel nhị phân kiểu cũ (.xls): hãy mở bằng Excel hoặc LibreOffice Calc, chọn 'Save"
        " As' Excel Workbook (.xlsx) rồi nhập tệp .xlsx",
    ),
    ("this is {old} (it only has a {suffix} name).", "đây là {old} (chỉ mang đuôi {suffix})."),
    ("this is {old}.", "đây là {old}."),
    (
        "not a valid {kind} file (not a zip package); it is damaged or has the wrong extension."
        " Open it in Word/Excel and save it again.",
        "không phải tệp {kind} hợp lệ (không phải gói zip); tệp bị hỏng hoặc sai đuôi. Hãy mở"
        " bằng Word/Excel và lưu lại.",
    ),
    (
        "damaged zip package ({reason}); save it again.",
        "gói zip bị hỏng ({reason}); hãy lưu lại tệp.",
    ),
    (
        "damaged part '{part}' in the package; save it again.",
        "phần '{part}' trong gói bị hỏng; hãy lưu lại tệp.",
    ),
    (
        "this is {found}, not {kind}. Check the file and its extension.",
        "đây là {found}, không phải {kind}. Hãy kiểm tra tệp và đuôi tệp.",
    ),
    ("a zip file that is not an Office document", "một tệp zip không phải tài liệu Office"),
    (
        "cannot import '{suffix}' files; supported: {supported}.",
        "không nhập được tệp '{suffix}'; chỉ hỗ trợ: {supported}.",
    ),
    (
        "{path}: cannot import it: it is {what}, not a file.",
        "{path}: không nhập được: đây là {what}, không phải tệp.",
    ),
    ("{size} bytes is over the {limit} limit.", "{size} byte, vượt giới hạn {limit}."),
    ("{path}: cannot read the file ({reason}).", "{path}: không đọc được tệp ({reason})."),
    ("the file is empty.", "tệp rỗng."),
    (
        "could not read the {suffix} file ({reason}); it may be damaged. Open it in Word/Excel,"
        " save it again, and import the new copy.",
        "không đọc được tệp {suffix} ({reason}); tệp có thể bị hỏng. Hãy mở bằng Word/Excel, lưu"
        " lại và nhập bản mới.",
    ),
    (
        "no task table found. Looked for a header row with a task column ('Tên nhiệm vụ',"
        " 'Nhiệm vụ', 'Nội dung nhiệm vụ') and STT / 'Cơ quan chủ trì' / 'Thời gian hoàn"
        " thành'. Seen: {seen}. Check that the appendix table is in the file (not pasted as an"
        " image) and that its header row names its columns; synonyms can be added in"
        " rules/columns.yaml.",
        "không tìm thấy bảng nhiệm vụ. Đã tìm một dòng tiêu đề có cột nhiệm vụ ('Tên nhiệm vụ',"
        " 'Nhiệm vụ', 'Nội dung nhiệm vụ') và STT / 'Cơ quan chủ trì' / 'Thời gian hoàn thành'."
        " Đã thấy: {seen}. Hãy kiểm tra bảng phụ lục có trong tệp (không dán dạng ảnh) và dòng"
        " tiêu đề ghi tên các cột; có thể thêm từ đồng nghĩa trong rules/columns.yaml.",
    ),
    (
        "the PDF has text but no ruled table (a table without borders, or the appendix is"
        " prose) and no task paragraphs were found in it. Columns cannot be told apart"
        " reliably without ruling lines: import the original .docx/.xlsx, or export the PDF"
        " again with table borders.",
        "tệp PDF có chữ nhưng không có bảng kẻ ô (bảng không viền, hoặc phụ lục viết thành"
        " văn xuôi) và không tìm thấy đoạn nhiệm vụ nào. Không có đường kẻ thì không tách cột"
        " chắc chắn được: hãy nhập tệp gốc .docx/.xlsx, hoặc xuất lại PDF có viền bảng.",
    ),
    (
        "no task table found, and no tasks in the body. Looked for a header row with a task"
        " column ('Tên nhiệm vụ', 'Nhiệm vụ', 'Nội dung nhiệm vụ') and STT / 'Cơ quan chủ trì'"
        " / 'Thời gian hoàn thành'. Seen: {seen}. Check that the appendix table is in the file"
        " (not pasted as an image), not inside a cell of another table (a one-cell frame is"
        " read through; copy a table out of a wider layout table), and that its header row"
        " names its columns; synonyms can be added in rules/columns.yaml. Body tasks are"
        " numbered or dashed paragraphs under 'Nhiệm vụ, giải pháp', or followed by"
        " 'Đơn vị chủ trì:' lines.",
        "không tìm thấy bảng nhiệm vụ, và thân văn bản cũng không có nhiệm vụ. Đã tìm một dòng"
        " tiêu đề có cột nhiệm vụ ('Tên nhiệm vụ', 'Nhiệm vụ', 'Nội dung nhiệm vụ') và STT /"
        " 'Cơ quan chủ trì' / 'Thời gian hoàn thành'. Đã thấy: {seen}. Hãy kiểm tra bảng phụ lục"
        " có trong tệp (không dán dạng ảnh), không nằm trong ô của một bảng khác (khung một ô"
        " vẫn được đọc; hãy chép bảng ra khỏi bảng bố cục rộng hơn), và dòng tiêu đề ghi tên"
        " các cột; có thể thêm từ đồng nghĩa trong rules/columns.yaml. Nhiệm vụ trong thân văn"
        " bản là các đoạn đánh số hoặc gạch đầu dòng dưới mục 'Nhiệm vụ, giải pháp', hoặc có"
        " dòng 'Đơn vị chủ trì:' theo sau.",
    ),
    ("no tables at all", "không có bảng nào"),
    (
        "the PDF is password-protected. Remove the password (print or export it to a new PDF"
        " without protection) or import the .docx instead.",
        "tệp PDF có mật khẩu. Hãy bỏ mật khẩu (in hoặc xuất ra một PDF mới không bảo vệ) hoặc"
        " nhập tệp .docx.",
    ),
    (
        "cannot read the PDF ({reason}); the file may be damaged. Export it again from the"
        " original document.",
        "không đọc được tệp PDF ({reason}); tệp có thể bị hỏng. Hãy xuất lại từ tài liệu gốc.",
    ),
    (
        "the PDF has no text layer ({pages} page(s) of images; a scan?). Import the original"
        " .docx/.xlsx, or run OCR on the PDF first (for example ocrmypdf -l vie) and import the"
        " result.",
        "tệp PDF không có lớp chữ ({pages} trang ảnh; bản quét?). Hãy nhập tệp .docx/.xlsx gốc,"
        " hoặc nhận dạng chữ (OCR) trước, ví dụ ocrmypdf -l vie, rồi nhập kết quả.",
    ),
    (
        "the PDF has text but no ruled table (a table without borders, or the appendix is"
        " prose). Columns cannot be told apart reliably without ruling lines: import the"
        " original .docx/.xlsx, or export the PDF again with table borders.",
        "tệp PDF có chữ nhưng không có bảng kẻ khung (bảng không viền, hoặc phụ lục viết dạng"
        " văn xuôi). Không có đường kẻ thì không tách cột chắc chắn được: hãy nhập tệp"
        " .docx/.xlsx gốc, hoặc xuất lại PDF có viền bảng.",
    ),
    # the operating system's words (strerror)
    ("No such file or directory", "không có tệp hay thư mục này"),
    ("Permission denied", "không có quyền truy cập"),
    ("Is a directory", "đây là một thư mục"),
    ("Not a directory", "không phải thư mục"),
    ("No space left on device", "hết chỗ trống trên ổ đĩa"),
    ("Read-only file system", "hệ thống tệp chỉ đọc"),
    ("File name too long", "tên tệp quá dài"),
    ("Too many levels of symbolic links", "quá nhiều cấp liên kết tượng trưng"),
    ("Input/output error", "lỗi vào/ra"),
    # cli/: options and outputs
    ("cannot write: {reason}", "không ghi được: {reason}"),
    (
        "{target} is an input of this run; write the output elsewhere",
        "{target} là tệp đầu vào của lần chạy này; hãy ghi kết quả ra chỗ khác",
    ),
    (
        "{target} is an input of a commune folder (a plan, report, waivers, decisions or office"
        " file, or someone's document); write the output elsewhere",
        "{target} là tệp đầu vào của một thư mục xã/phường (kế hoạch, báo cáo, miễn trừ, quyết"
        " định, tài liệu văn phòng hay tài liệu của ai đó); hãy ghi kết quả ra chỗ khác",
    ),
    (
        "two outputs would be written to {target}; give each its own",
        "hai kết quả sẽ cùng ghi vào {target}; hãy cho mỗi kết quả một tệp riêng",
    ),
    (
        "'{value}' is not a date; write YYYY-MM-DD (e.g. 2026-09-30)",
        "'{value}' không phải là ngày; hãy viết YYYY-MM-DD (ví dụ 2026-09-30)",
    ),
    (
        "unknown format '{format}' (choose from {formats})",
        "không có định dạng '{format}' (chọn một trong: {formats})",
    ),
    ("an empty path was given (an unset variable?)", "đường dẫn rỗng (biến chưa được đặt?)"),
    (
        "only one format can go to standard output or -o; give the others a file:"
        " --format sarif:out.sarif",
        "chỉ một định dạng được in ra màn hình hoặc -o; hãy ghi các định dạng khác ra tệp:"
        " --format sarif:out.sarif",
    ),
    (
        "--only and --skip left no rule to run; nothing was checked",
        "--only và --skip không để lại quy tắc nào; không có gì được kiểm tra",
    ),
    (
        "this format is binary: write it to a file with -o FILE",
        "định dạng này là nhị phân: hãy ghi ra tệp bằng -o TỆP",
    ),
    (
        "no rule or requirement is called '{id}'; did you mean '{guess}'?",
        "không có quy tắc hay yêu cầu nào tên '{id}'; có phải là '{guess}'?",
    ),
    ("no rule or requirement is called '{id}'", "không có quy tắc hay yêu cầu nào tên '{id}'"),
    (
        "pack '{pack}' has no rule or requirement '{id}'",
        "bộ quy tắc '{pack}' không có quy tắc hay yêu cầu '{id}'",
    ),
    (
        "{plan} holds {count} communes; explain takes one plan",
        "{plan} chứa {count} xã/phường; explain chỉ nhận một kế hoạch",
    ),
    ("no task '{task}' in {plan}", "không có nhiệm vụ '{task}' trong {plan}"),
    # click's own words (usage errors before a command runs)
    ("Invalid value for {param}: {reason}", "Giá trị không hợp lệ cho {param}: {reason}"),
    ("Invalid value: {reason}", "Giá trị không hợp lệ: {reason}"),
    ("Missing argument {param}.", "Thiếu đối số {param}."),
    ("Missing option {param}.", "Thiếu tùy chọn {param}."),
    ("Missing parameter {param}.", "Thiếu tham số {param}."),
    (
        "No such option {option}. (Did you mean one of: {guesses}?)",
        "Không có tùy chọn {option}. (Có phải là một trong: {guesses}?)",
    ),
    (
        "No such option {option}. (Did you mean {guess}?)",
        "Không có tùy chọn {option}. (Có phải là {guess}?)",
    ),
    ("No such option {option}.", "Không có tùy chọn {option}."),
    ("No such option: {option}", "Không có tùy chọn {option}"),
    ("No such command {command}.", "Không có lệnh {command}."),
    (
        "{output} exists (an imported plan may have been edited by hand); add --force to"
        " replace it",
        "{output} đã có (kế hoạch đã nhập có thể đã được sửa tay); thêm --force để ghi đè",
    ),
    ("the template is a .xlsx or .docx file", "mẫu phải là tệp .xlsx hoặc .docx"),
    ("Option {option} requires an argument.", "Tùy chọn {option} cần một giá trị."),
    ("Option {option} requires {count} arguments.", "Tùy chọn {option} cần {count} giá trị."),
    ("Got unexpected extra argument {argument}", "Thừa đối số {argument}"),
    ("Got unexpected extra arguments {arguments}", "Thừa các đối số {arguments}"),
    ("'{value}' is not one of {choices}.", "'{value}' không phải một trong {choices}."),
    ("'{value}' is not {choice}.", "'{value}' không phải {choice}."),
    ("Path {path} does not exist.", "Đường dẫn {path} không tồn tại."),
    ("File {path} does not exist.", "Tệp {path} không tồn tại."),
    ("Directory {path} does not exist.", "Thư mục {path} không tồn tại."),
    ("File {path} is a directory.", "{path} là một thư mục, không phải tệp."),
    ("Directory {path} is a file.", "{path} là một tệp, không phải thư mục."),
    ("'{value}' is not a valid integer.", "'{value}' không phải số nguyên."),
    ("{value} is not in the range {range}.", "{value} không nằm trong khoảng {range}."),
)
