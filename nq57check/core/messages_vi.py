"""Vietnamese for every input problem and command-line error (see :mod:`.messages`).

Each entry is (English template, Vietnamese template) over the same ``{names}``; the first
template that matches the whole message wins, so a longer form is listed before a shorter
one it contains. Values are never translated unless they are messages of their own. Grouped
by where the message is raised; a new message gets its line here (tests run bad inputs
under ``--lang vi`` and look for English).
"""

from __future__ import annotations

CATALOG: tuple[tuple[str, str], ...] = (
    # check/discovery.py: which files are communes and plans
    ("no such file or folder", "không có tệp hay thư mục này"),
    (
        "no plan file found (expected plan.yaml, or one Word/Excel/PDF plan, in each commune"
        " folder)",
        "không tìm thấy tệp kế hoạch (mỗi thư mục xã/phường cần có plan.yaml, hoặc một tệp kế"
        " hoạch Word/Excel/PDF)",
    ),
    (
        "holds {plan} and {others}: which one is the plan is not guessed; keep one",
        "có cả {plan} và {others}: không đoán tệp nào là kế hoạch; chỉ giữ lại một tệp",
    ),
    (
        "is a link to a file outside the tree being checked; refused without opening it",
        "là liên kết tới một tệp nằm ngoài thư mục đang kiểm tra; bị từ chối, không mở",
    ),
    (
        "is a link to a file outside the folder being checked; refused without opening it",
        "là liên kết tới một tệp nằm ngoài thư mục đang kiểm tra; bị từ chối, không mở",
    ),
    (
        "is a link to a folder outside the tree being checked; not followed",
        "là liên kết tới một thư mục nằm ngoài thư mục đang kiểm tra; không đi theo",
    ),
    ("cannot list: {reason}", "không liệt kê được nội dung: {reason}"),
    (
        "no plan.yaml, and {count} Word/Excel/PDF files ({names}): which one is the plan is not"
        " guessed; name it (nq57check check FOLDER/FILE.docx) or import it to {target}",
        "không có plan.yaml mà có {count} tệp Word/Excel/PDF ({names}): không đoán tệp nào là"
        " kế hoạch; hãy chỉ rõ tệp (nq57check check THƯ_MỤC/TỆP.docx) hoặc nhập nó thành"
        " {target}",
    ),
    (
        "{markers} but no plan file (expected plan.yaml, or one Word/Excel/PDF plan, in the"
        " commune folder)",
        "có {markers} nhưng không có tệp kế hoạch (thư mục xã/phường cần có plan.yaml, hoặc một"
        " tệp kế hoạch Word/Excel/PDF)",
    ),
    # loading/yamlio.py and encoding.py: reading a file
    ("a folder", "một thư mục"),
    ("a named pipe (FIFO)", "một đường ống có tên (FIFO)"),
    ("a device", "một thiết bị"),
    ("a file", "một tệp"),
    ("not a regular file", "không phải tệp thông thường"),
    (
        "not a regular file (a folder, device or dead link)",
        "không phải tệp thông thường (một thư mục, thiết bị hoặc liên kết hỏng)",
    ),
    ("cannot read file: it is {what}, not a file", "không đọc được: đây là {what}, không phải tệp"),
    (
        "file is {size} bytes, over the {limit}-byte limit",
        "tệp có {size} byte, vượt giới hạn {limit} byte",
    ),
    ("file is over the {limit}-byte limit", "tệp vượt giới hạn {limit} byte"),
    ("cannot read file: {reason}", "không đọc được tệp: {reason}"),
    (
        "document expands to more than {count} values (YAML aliases?); refused",
        "tài liệu mở rộng thành hơn {count} giá trị (bí danh YAML?); bị từ chối",
    ),
    (
        "nesting deeper than {depth} levels (recursive alias?)",
        "lồng nhau sâu quá {depth} cấp (bí danh đệ quy?)",
    ),
    ("nesting deeper than {depth} levels; refused", "lồng nhau sâu quá {depth} cấp; bị từ chối"),
    ("nesting deeper than {depth} levels", "lồng nhau sâu quá {depth} cấp"),
    ("unsupported YAML tag {tag}", "không hỗ trợ thẻ YAML {tag}"),
    (
        "duplicate key '{key}' (first at line {line}): a number and a quoted number are the"
        " same key here",
        "khóa '{key}' bị trùng (lần đầu ở dòng {line}): ở đây một số và số đó viết trong dấu"
        " nháy là cùng một khóa",
    ),
    (
        "duplicate key '{key}' (first at line {line})",
        "khóa '{key}' bị trùng (lần đầu ở dòng {line})",
    ),
    (
        "the value tagged {tag} is not one; remove the tag",
        "giá trị gắn thẻ {tag} không đúng kiểu đó; hãy bỏ thẻ",
    ),
    ("date '{value}' does not exist", "ngày '{value}' không tồn tại"),
    ("a number of {count} digits is too long", "số có {count} chữ số là quá dài"),
    ("cannot read value '{value}': {reason}", "không đọc được giá trị '{value}': {reason}"),
    (
        "more than {count} values (a plan of 5,000 tasks has ~130,000); refused",
        "hơn {count} giá trị (một kế hoạch 5.000 nhiệm vụ có khoảng 130.000); bị từ chối",
    ),
    ("more than {count} values; refused", "hơn {count} giá trị; bị từ chối"),
    (
        "invalid YAML: character {character} is not allowed ({reason})",
        "YAML không hợp lệ: không được dùng ký tự {character} ({reason})",
    ),
    (
        "invalid YAML: an anchor defined twice (first at line {first})",
        "YAML không hợp lệ: một neo (anchor) được định nghĩa hai lần (lần đầu ở dòng {first})",
    ),
    ("invalid YAML: {problem}", "YAML không hợp lệ: {problem}"),
    ("a mapping tagged {tag}; remove the tag", "một ánh xạ (mapping) gắn thẻ {tag}; hãy bỏ thẻ"),
    ("a list tagged {tag}; remove the tag", "một danh sách gắn thẻ {tag}; hãy bỏ thẻ"),
    ("did not find expected key", "không thấy khóa ở chỗ cần có"),
    ("did not find expected node content", "không thấy giá trị ở chỗ cần có"),
    ("did not find expected '-' indicator", "không thấy dấu '-' ở chỗ cần có"),
    ("could not find expected ':'", "không thấy dấu ':' ở chỗ cần có"),
    ("did not find expected {token}", "không thấy {token} ở chỗ cần có"),
    ("found character that cannot start any token", "gặp ký tự không thể mở đầu một thành phần"),
    ("mapping values are not allowed here", "không được viết 'khóa: giá trị' ở đây"),
    (
        "mapping values are not allowed in this context",
        "không được viết 'khóa: giá trị' ở đây (một giá trị có dấu ': ' cần đặt trong dấu nháy)",
    ),
    ("control characters are not allowed", "không được dùng ký tự điều khiển"),
    ("special characters are not allowed", "không được dùng ký tự đặc biệt"),
    (
        "found character {character} that cannot start any token",
        "gặp ký tự {character}, không thể mở đầu một thành phần",
    ),
    ("found undefined alias {alias}", "gặp bí danh {alias} chưa được định nghĩa"),
    ("found unexpected end of stream", "tệp kết thúc khi chưa đóng chuỗi hoặc khối"),
    ("expected <block end>, but found {token}", "cần kết thúc khối, nhưng gặp {token}"),
    ("expected ',' or ']', but got {token}", "cần ',' hoặc ']', nhưng gặp {token}"),
    ("expected ',' or '}}', but got {token}", "cần ',' hoặc '}}', nhưng gặp {token}"),
    ("found unknown escape character {character}", "gặp ký tự thoát {character} không hợp lệ"),
    ("invalid JSON: {reason} (column {column})", "JSON không hợp lệ: {reason} (cột {column})"),
    ("invalid JSON: {reason}", "JSON không hợp lệ: {reason}"),
    ("a number too long to read", "một số quá dài, không đọc được"),
    ("Expecting value", "thiếu giá trị"),
    ("Expecting property name enclosed in double quotes", "cần tên khóa trong dấu nháy kép"),
    ("Expecting ',' delimiter", "thiếu dấu phẩy ','"),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm ':'"),
    ("Extra data", "còn dữ liệu thừa sau giá trị"),
    ("Unterminated string starting at", "chuỗi chưa đóng dấu nháy"),
    ("Invalid control character at", "ký tự điều khiển không hợp lệ"),
    ("file is UTF-16; save it as UTF-8", "tệp mã hóa UTF-16; hãy lưu lại dưới dạng UTF-8"),
    (
        "file is binary (contains NUL bytes), not YAML/JSON",
        "tệp nhị phân (có byte NUL), không phải YAML/JSON",
    ),
    (
        "file is not UTF-8 (byte {byte} at line {line}). It looks like {guess}. Save it as UTF-8"
        " and try again.",
        "tệp không mã hóa UTF-8 (byte {byte} ở dòng {line}). Có vẻ là mã {guess}. Hãy lưu lại"
        " dưới dạng UTF-8 rồi chạy lại.",
    ),
    (
        "file is not UTF-8 (byte {byte} at line {line}). Save it as UTF-8 and try again.",
        "tệp không mã hóa UTF-8 (byte {byte} ở dòng {line}). Hãy lưu lại dưới dạng UTF-8 rồi"
        " chạy lại.",
    ),
    (
        "text looks like {guess}-encoded Vietnamese read as Unicode; convert it to Unicode"
        " (UTF-8) first",
        "văn bản có vẻ là tiếng Việt mã {guess} bị đọc như Unicode; hãy chuyển sang Unicode"
        " (UTF-8) trước",
    ),
    # loading/validation.py and the models: what a file says
    ("(document)", "(tài liệu)"),
    (
        "unknown key '{key}'; did you mean '{guess}'?",
        "khóa '{key}' không hợp lệ; có phải là '{guess}'?",
    ),
    (
        "unknown key '{key}' (allowed: {allowed})",
        "khóa '{key}' không hợp lệ (các khóa hợp lệ: {allowed})",
    ),
    ("unknown key '{key}'", "khóa '{key}' không hợp lệ"),
    ("required key is missing", "thiếu khóa bắt buộc"),
    ("{count} items; at most {limit} are supported", "{count} mục; chỉ hỗ trợ tối đa {limit}"),
    (
        "{what} must be a mapping (key: value lines), not {shape}",
        "{what} phải gồm các dòng 'khóa: giá trị', không phải {shape}",
    ),
    ("a list", "một danh sách"),
    ("a single value", "một giá trị đơn lẻ"),
    ("a plan file with 'unit' and 'tasks'", "tệp kế hoạch (có 'unit' và 'tasks')"),
    ("a report file with 'unit' and 'period'", "tệp báo cáo (có 'unit' và 'period')"),
    ("a waivers file (with a 'waivers:' list)", "tệp miễn trừ (có danh sách 'waivers:')"),
    ("a decisions file (with a 'decisions:' list)", "tệp quyết định (có danh sách 'decisions:')"),
    (
        "{reason} (got {value}; write dates as YYYY-MM-DD)",
        "{reason} (nhận được {value}; viết ngày theo dạng YYYY-MM-DD)",
    ),
    ("Input should be a valid date", "phải là một ngày"),
    ("Input should be a valid date or datetime, {detail}", "phải là một ngày ({detail})"),
    ("invalid character in year", "năm có ký tự không hợp lệ"),
    ("input is too short", "quá ngắn"),
    ("month value is outside expected range of 1-12", "tháng phải từ 1 đến 12"),
    ("day value is outside expected range", "ngày nằm ngoài khoảng hợp lệ"),
    ("Input should be a valid string", "phải là một chuỗi văn bản"),
    ("Input should be a valid integer", "phải là một số nguyên"),
    (
        "Input should be a valid integer, unable to parse string as an integer",
        "phải là một số nguyên (không đọc được chuỗi này thành số)",
    ),
    (
        "Input should be a valid integer, got a number with a fractional part",
        "phải là số nguyên, không có phần lẻ",
    ),
    ("Input should be a valid number", "phải là một số"),
    (
        "Input should be a valid number, unable to parse string as a number",
        "phải là một số (không đọc được chuỗi này thành số)",
    ),
    ("Input should be a valid boolean", "phải là true hoặc false"),
    ("Input should be a valid list", "phải là một danh sách"),
    ("Input should be a valid dictionary", "phải gồm các dòng 'khóa: giá trị'"),
    (
        "Input should be a valid dictionary or instance of {model}",
        "phải gồm các dòng 'khóa: giá trị'",
    ),
    ("Input should be greater than or equal to {limit}", "phải lớn hơn hoặc bằng {limit}"),
    ("Input should be less than or equal to {limit}", "phải nhỏ hơn hoặc bằng {limit}"),
    ("Input should be greater than {limit}", "phải lớn hơn {limit}"),
    ("Input should be less than {limit}", "phải nhỏ hơn {limit}"),
    ("Input should be a finite number", "phải là một số hữu hạn"),
    ("Input should be {some} or {last}", "phải là {some} hoặc {last}"),
    ("Input should be {choices}", "phải là {choices}"),
    ("String should have at least {count} character", "phải có ít nhất {count} ký tự"),
    ("String should have at least {count} characters", "phải có ít nhất {count} ký tự"),
    (
        "List should have at least {count} item after validation, not {given}",
        "danh sách phải có ít nhất {count} mục, không phải {given}",
    ),
    (
        "must not be blank (it has no letter or digit)",
        "không được để trống (không có chữ cái hay chữ số)",
    ),
    ("{value} is not a number", "{value} không phải là số"),
    (
        "'{value}' is not a requirement ID; did you mean '{guess}'?",
        "'{value}' không phải mã yêu cầu; có phải là '{guess}'?",
    ),
    (
        "'{value}' is not a requirement ID (written like R-MANG-MAT)",
        "'{value}' không phải mã yêu cầu (viết như R-MANG-MAT)",
    ),
    (
        "{date} is not a plausible date here (expected {first}-{last})",
        "{date} không phải một ngày hợp lý ở đây (cần trong các năm {first}-{last})",
    ),
    (
        "period {value} is written with non-ASCII digits; write {ascii}",
        "kỳ báo cáo {value} viết bằng chữ số không phải ASCII; hãy viết {ascii}",
    ),
    (
        "period must be a month written YYYY-MM, got {value}",
        "kỳ báo cáo phải là một tháng viết dạng YYYY-MM, nhận được {value}",
    ),
    ("{value} is not a plausible month here", "{value} không phải một tháng hợp lý ở đây"),
    (
        "{date} is before the reported month {period} began",
        "{date} trước khi tháng báo cáo {period} bắt đầu",
    ),
    # loading/plan.py and reports.py: what files say about each other
    (
        "section '{section}' is not listed under 'sections'",
        "mục '{section}' không có trong danh sách 'sections'",
    ),
    (
        "duplicate task id '{id}' (first at line {line}); it holds invisible characters",
        "mã nhiệm vụ '{id}' bị trùng (lần đầu ở dòng {line}); mã có ký tự ẩn",
    ),
    (
        "duplicate task id '{id}' (first at line {line})",
        "mã nhiệm vụ '{id}' bị trùng (lần đầu ở dòng {line})",
    ),
    (
        "duplicate section id '{id}' (first at line {line}); it holds invisible characters",
        "mã mục '{id}' bị trùng (lần đầu ở dòng {line}); mã có ký tự ẩn",
    ),
    (
        "duplicate section id '{id}' (first at line {line})",
        "mã mục '{id}' bị trùng (lần đầu ở dòng {line})",
    ),
    (
        "duplicate inspection id '{id}' (first at line {line}); it holds invisible characters",
        "mã cuộc kiểm tra '{id}' bị trùng (lần đầu ở dòng {line}); mã có ký tự ẩn",
    ),
    (
        "duplicate inspection id '{id}' (first at line {line})",
        "mã cuộc kiểm tra '{id}' bị trùng (lần đầu ở dòng {line})",
    ),
    (
        "report is for '{report}', but the plan is for '{plan}'",
        "báo cáo ghi cho '{report}', nhưng kế hoạch là của '{plan}'",
    ),
    (
        "a second report for {period} (first: {first})",
        "báo cáo thứ hai cho tháng {period} (báo cáo đầu: {first})",
    ),
    ("task '{task}' is not in the plan", "nhiệm vụ '{task}' không có trong kế hoạch"),
    (
        "indicator '{indicator}' has no target in the plan (targets: {targets})",
        "chỉ tiêu '{indicator}' không có mục tiêu trong kế hoạch (các chỉ tiêu có: {targets})",
    ),
    (
        "inspection '{inspection}' is not scheduled in the plan",
        "cuộc kiểm tra '{inspection}' không có trong lịch kiểm tra của kế hoạch",
    ),
    (
        "period {period} is before the plan was issued ({issued}): there was no plan to report on",
        "kỳ {period} trước ngày ban hành kế hoạch ({issued}): khi đó chưa có kế hoạch để báo cáo",
    ),
    (
        "the file name does not say its month: name it {name} (reports/YYYY-MM.yaml)",
        "tên tệp không cho biết tháng báo cáo: hãy đặt tên {name} (reports/YYYY-MM.yaml)",
    ),
    (
        "period {period} is not the month of the file's name ({named}): a copied report whose"
        " period was not changed?",
        "kỳ {period} không phải tháng trong tên tệp ({named}): báo cáo sao chép mà chưa sửa kỳ?",
    ),
    (
        "'reports' is {what}, not the folder of monthly reports (YYYY-MM.yaml)",
        "'reports' là {what}, không phải thư mục báo cáo tháng (YYYY-MM.yaml)",
    ),
    (
        "'reports' is a broken link, not a folder",
        "'reports' là một liên kết hỏng, không phải thư mục",
    ),
    # loading/document.py: a problem in an imported task, placed by table, row and page
    (
        "table {table}, row {row} (page {page}): {message}",
        "bảng {table}, dòng {row} (trang {page}): {message}",
    ),
    ("table {table} (page {page}): {message}", "bảng {table} (trang {page}): {message}"),
    ("table {table}, row {row}: {message}", "bảng {table}, dòng {row}: {message}"),
    # check/: the commune pipeline, judgements, the batch
    (
        "requirement '{requirement}' is not in the catalog; did you mean '{guess}'?",
        "yêu cầu '{requirement}' không có trong danh mục; có phải là '{guess}'?",
    ),
    (
        "requirement '{requirement}' is not in the catalog",
        "yêu cầu '{requirement}' không có trong danh mục",
    ),
    (
        "checking this file crashed the checker's process (a bug in nq57check; please report it"
        " with the file)",
        "kiểm tra tệp này làm tiến trình kiểm tra bị dừng đột ngột (lỗi của nq57check; vui lòng"
        " báo lỗi kèm tệp)",
    ),
    (
        "a waiver names a 'rule' or a 'requirement'",
        "mỗi miễn trừ phải ghi 'rule' hoặc 'requirement'",
    ),
    (
        "unknown rule '{value}'; did you mean '{guess}'?",
        "không có quy tắc '{value}'; có phải là '{guess}'?",
    ),
    ("unknown rule '{value}'", "không có quy tắc '{value}'"),
    (
        "unknown requirement '{value}'; did you mean '{guess}'?",
        "không có yêu cầu '{value}'; có phải là '{guess}'?",
    ),
    ("unknown requirement '{value}'", "không có yêu cầu '{value}'"),
    # packs/loader.py: a rule pack a plan names, or one given with --rules
    (
        "'{name}' is not a rule pack name (at most 64 lower-case letters, digits, '-' and '_');"
        " to use packs from another folder, pass --rules FOLDER",
        "'{name}' không phải tên bộ quy tắc (tối đa 64 chữ thường, chữ số, '-' và '_'); muốn"
        " dùng bộ quy tắc ở thư mục khác, hãy thêm --rules THƯ_MỤC",
    ),
    (
        "rule pack '{name}' not found (known packs: {known})",
        "không tìm thấy bộ quy tắc '{name}' (các bộ hiện có: {known})",
    ),
    ("default_pack must name a rule pack", "default_pack phải là tên một bộ quy tắc"),
    (
        "rule packs extend each other in a circle: {cycle}",
        "các bộ quy tắc mở rộng lẫn nhau thành vòng: {cycle}",
    ),
    (
        "pack is named '{name}' but its folder is '{folder}'",
        "bộ quy tắc tên '{name}' nhưng thư mục của nó là '{folder}'",
    ),
    (
        "requirement {id} is already in the catalog; a pack may not redefine it",
        "yêu cầu {id} đã có trong danh mục; bộ quy tắc không được định nghĩa lại",
    ),
    ("override names unknown rule '{id}'", "overrides ghi quy tắc '{id}' không tồn tại"),
    ("unknown requirement {id}", "không có yêu cầu {id}"),
    ("pack {pack}, rule {rule}: {reason}", "bộ quy tắc {pack}, quy tắc {rule}: {reason}"),
    ("rule {rule}: params.{key}: {reason}", "quy tắc {rule}: params.{key}: {reason}"),
    # check/baseline.py: a baseline that is not one
    (
        "baseline is not valid JSON: expected {what}, found {found}",
        "baseline không phải JSON hợp lệ: cần {what}, gặp {found}",
    ),
    ("baseline is not valid JSON: {reason}", "baseline không phải JSON hợp lệ: {reason}"),
    ("baseline holds {what}", "baseline chứa {what}"),
    ("the end of the file", "cuối tệp"),
    ("a number of {count} digits (at most {limit})", "một số có {count} chữ số (tối đa {limit})"),
    ("{name}, which is not a number JSON allows", "{name}, không phải số mà JSON cho phép"),
    (
        "baseline nests values too deeply (it is not a baseline)",
        "baseline lồng nhau quá sâu (không phải tệp baseline)",
    ),
    ("baseline has the key '{key}' twice", "baseline có khóa '{key}' hai lần"),
    ("baseline is not UTF-8 JSON", "baseline không phải JSON mã hóa UTF-8"),
    (
        "not a baseline file: it has no '{key}' (write one with --write-baseline)",
        "không phải tệp baseline: thiếu '{key}' (hãy tạo bằng --write-baseline)",
    ),
    (
        "baseline version {version} is not one this nq57check reads ({known}); write it again"
        " with --write-baseline",
        "phiên bản baseline {version} không phải phiên bản nq57check này đọc được ({known});"
        " hãy ghi lại bằng --write-baseline",
    ),
    (
        "{where}: 'fingerprint' must be text; write it again with --write-baseline",
        "{where}: 'fingerprint' phải là văn bản; hãy ghi lại bằng --write-baseline",
    ),
    (
        "{where}: '{name}' must be text, not {kind}",
        "{where}: '{name}' phải là văn bản, không phải {kind}",
    ),
    (
        "{where} must be a mapping, not {kind}",
        "{where} phải gồm các dòng 'khóa: giá trị', không phải {kind}",
    ),
)
