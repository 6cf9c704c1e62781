# hallpolicy 的中文消息目录（默认语言）。每条消息的标识即其代码，参数见 engine/runtime/MESSAGES.md。
# 用语依照种子法规：办结时限、一次性告知、补正、中止/恢复、延期、责任追究。

## 计量单位与形式

unit-working_days = 个工作日
unit-calendar_days = 日
unit-months = 个月
unit-hours = 小时
unit-minutes = 分钟
form-oral = 口头
form-written = 书面
form-platform = 系统平台
form-receipt = 书面凭证
list-comma = 、
list-and = 、
list-semicolon = ；
list-or = 或

## 应履行的义务

duty-none = 无
duty-do = 办理{ $events }
duty-do-matching = 办理{ $events }（{ $field }为{ $value }）
duty-notice-all = 以{ $event }一次性告知所缺全部材料：{ $materials }
duty-record = 办理{ $event }
duty-record-stating = 办理{ $event }，载明{ $fields }
duty-record-in-form = 以{ $forms }形式办理{ $event }
duty-record-stating-in-form = 以{ $forms }形式办理{ $event }，载明{ $fields }

## 时限与计时规则

deadline-before-event = 应在{ $event }（{ $at }）之前完成
deadline-before-event-pending = 应在{ $event }之前完成，{ $event }尚未发生
deadline-same-visit = 应当场办结
deadline-applicant-delay = 计时规则八：因申请人原因延误（{ $event }，{ $at }），视为按时办结
deadline-late = { $event }于{ $at }办理，已超过办结时限（{ $due }届满）
deadline-stopped-since = 自{ $since }起计时中止，尚未恢复
deadline-not-done = 至{ $due }未{ $events }
clock-start-next-day = 计时规则一：{ $event }当日不计入办理时限，自次日起计算
clock-start-on-the-clock = 以{ $unit }计的时限，自{ $event }（{ $at }）起连续计算
clock-start-after-supplement = 计时规则二：申请人已补正材料（{ $event }，{ $at }），自补正次日起计算
clock-start-notice-failed = 未适用计时规则二：未依规定一次性告知（{ $rule }），时限自{ $event }起计算（《中华人民共和国行政许可法》第三十二条）
clock-provisional = 暂定：计算涉及{ $year }年，工作日表“{ $calendar }”（{ $first }—{ $last }年）未覆盖该年，仅按周末休息计算

## 形式与内容

fault-wrong-form = { $event }采用{ $given }形式，规定应采用{ $required }形式
fault-no-form = { $event }未记录形式，规定应采用{ $required }形式
fault-unstated = { $event }未载明{ $fields }

## 一次性告知

notice-missing = { $event }时缺少：{ $materials }
notice-omitted = 告知遗漏了{ $materials }
notice-late = 告知于{ $at }作出，晚于{ $due }
notice-none = 至{ $due }未{ $event }
notice-repeated = { $at }再次告知要求补正{ $materials }，该材料首次告知时已缺

## 禁止行为

forbid-event = { $at }发生{ $event }
forbid-found-phrase = { $field }含有{ $phrase }
forbid-found-number = { $field }为{ $value }（{ $op } { $bound }）
forbid-after = 发生在{ $event }（{ $at }）之后

## 延期（计时规则七）

extension-counted = 经{ $event }延期至{ $until }（计时规则七）
extension-not-counted = 延期不予计入（计时规则七）
extension-approved = 经{ $approver }批准，并在原时限届满前告知申请人
extension-approved-late = 延期于{ $at }批准，原时限已届满
extension-no-until = 批准未载明{ $field }
extension-no-notice = 未向申请人{ $event }
extension-notice-late = { $event }于{ $at }作出，原时限已届满
extension-notice-short = { $event }于{ $day }作出，距时限最后一日{ $last_day }不足{ $amount }{ $unit }

## 责任追究

penalty-overdue = 逾期{ $late }{ $unit }，达到{ $amount }{ $bound_unit }
penalty-fact = { $fact }为{ $value }
penalty-repeated = 本次评估中同一责任追究档次下已有{ $count }次违规，达到{ $at_least }次
penalty-no-rungs = 规定未列明处理档次，由有权机关依其所引规定决定
penalty-no-criterion = 规定未明确适用条件，由有权机关在所列档次内决定

## 文本报告（hall eval 的文字输出）

status-met = 已履行
status-pending = 待履行
status-breached = 已违反
warning-green = 绿灯
warning-yellow = 黄灯
warning-red = 红灯
text-heading = { $hall }（政策版本 { $version }）— { $kind } { $subject }，截至 { $as_of }
text-provisional = 暂定：部分日期超出工作日表的年份，仅按周末休息计算
text-obligations = 义务（{ $count } 项）：
text-actor-person = { $actor }（{ $person }）
text-duty = 职责：{ $duty }；责任人：{ $who }
text-due = 时限：{ $due }
text-forms = 形式：{ $forms }
text-done = 办理：{ $at }
text-next-change = 状态将于 { $at } 变化
text-why = 说明：{ $why }
text-cites = 依据：{ $citation }
text-violations = 违规（{ $count } 项）：
text-violation = { $title }：{ $what }（违规时间 { $at }）
text-violation-by = 责任人：{ $who }；依据：{ $citation }
text-penalty-rung = 责任追究：{ $rung }（{ $basis }；{ $citation }）
text-penalty-person = 责任追究：由有权机关决定（{ $basis }；{ $citation }）
text-penalty-range = 责任追究：由有权机关在 { $range } 中决定（{ $basis }；{ $citation }）
text-clocks = 计时：
text-clock = { $rule }：{ $limit }，起算日 { $start }（第 { $event } 个事件），{ $due }，已用 { $used }，{ $left }
text-clock-due = { $due } 届满
text-clock-no-due = 计时中止，暂无届满时间
text-clock-left = 剩余 { $amount }
text-clock-overdue = 逾期 { $amount }
text-clock-stopped = 【中止】
text-clock-provisional = 【暂定】
text-stop = 中止 { $from } 至 { $to }（不计 { $excluded }）
text-stop-open = 尚未恢复
text-extension = 延期至 { $until }：{ $verdict }（{ $reason }）
text-extension-counted = 计入
text-extension-not-counted = 不计入

## 推导说明（hall explain）

explain-event-by = ，{ $person }
explain-event-form = ，{ $form }
explain-counted = 时限 { $limit }，起算日 { $start }（{ $basis }）
explain-stopped = 中止 { $from } 至 { $to }：不计 { $excluded }（计时规则六）
explain-extension = 延期至 { $until }：{ $verdict }——{ $reason }（计时规则七）
explain-no-date = 未载明日期
explain-span = { $from } 至 { $to }
explain-holiday = { $span }：{ $festival }假期，不计入
explain-makeup-day = { $day }：周末调休上班，计入
explain-makeup-day-for = { $day }：{ $festival }调休上班，计入
explain-weekends = 周末 { $count } 日不计入
explain-avoid-stating = { $duty }，载明{ $fields }
explain-avoid-in-form = { $duty }（{ $forms }形式）
explain-avoid-by = 于 { $by } 前{ $duty }
explain-avoid-nothing-later = { $duty }，此后不再要求补正其他材料
explain-avoid-forbid = 不发生{ $event }
explain-avoid-forbid-after = { $first }之后不发生{ $event }
explain-heading-cites = 依据
explain-heading-event = 事件
explain-heading-counted = 计算
explain-heading-day = 日期
explain-heading-avoided = 可避免的方式

## 案件的拒收理由（案件数据有误时，连同字段路径一并返回）

case-refused = 案件数据有误：{ $reason }
case-refused-at = 案件数据有误（{ $path }）：{ $reason }
case-not-utf8 = 不是有效的 UTF-8 文本：前 { $index } 个字节之后有 { $length } 个字节无效
case-not-utf8-incomplete = 不是有效的 UTF-8 文本：前 { $index } 个字节之后的字节序列不完整
case-not-json = 不是有效的 JSON：第 { $line } 行第 { $column } 列（{ $detail }）
case-not-json-anywhere = 不是有效的 JSON（{ $detail }）
case-not-object = 案件须为 JSON 对象
case-must-be-object = 须为对象
case-must-be-array = 须为数组
case-event-not-object = 每个事件须为对象
case-must-be-string = 须为字符串
case-must-be-actor = 须为字符串，写明由谁办理
case-must-be-staff = 须为字符串，写明工作人员
case-must-be-number = 须为数字
case-must-be-finite-number = 须为有限的数字
case-must-be-bool = 须为 true 或 false
case-must-be-date = 须为日期字符串，例如“2026-05-06”
case-must-be-datetime = 须为日期时间字符串，例如“2026-05-06T09:30:00+08:00”
case-must-be-form = 须为形式名称
case-must-be-material = 须为字符串，写明材料名称
case-must-be-materials = 须为材料名称的数组
case-must-be-matter = 须为字符串，写明事项名称
case-missing = 缺少此项
case-repeated = 重复给出
case-as-of-missing = 缺少截至时间：案件须给出 as_of，或在调用时传入
case-unknown-field = 未知字段{ $field }；此处可用：{ $allowed }
case-unknown-kind = 未知种类{ $kind }；本政策规定的种类：{ $known }
case-unknown-fact = 种类{ $kind }没有事实{ $fact }；它的事实：{ $known }
case-fact-missing = 缺少此项：种类{ $kind }须有这一事实
case-unknown-event = 种类{ $kind }没有事件{ $event }；它的事件：{ $known }
case-unknown-event-field = 事件{ $event }没有字段{ $field }；它的字段：{ $known }
case-event-field-missing = 缺少此项：事件{ $event }须有这一字段
case-event-after-as-of = { $at } 晚于截至时间 { $as_of }；案件只记载已经发生的事
case-events-out-of-order = 事件顺序颠倒：{ $at } 早于前一事件 { $previous } 的 { $previous_at }
case-unknown-form = 未知形式{ $form }；须为{ $known }
case-unknown-matter = 未知事项{ $matter }；本政策规定的事项：{ $known }
case-not-a-choice = { $value }不在可选值之列：{ $choices }
case-not-datetime = { $text }不是日期时间，应形如“2026-05-06T09:30:00+08:00”
case-not-date = { $text }不是日期，应形如“2026-05-06”
case-year-zero = { $day }不是历法中的日子：年份从 0001 起
case-no-such-day = { $day }不是历法中的日子
case-unknown-lang = 没有语言{ $lang }的消息目录：可用 zh（中文，默认）或 en
case-no-policy = 本组件中没有可用的政策：{ $detail }

## hall serve 的拒绝（服务自身的拒绝，代码见 hosts/cli/src/serve/api_error.rs）

service-unknown-hall = 本服务没有大厅“{ $hall }”
service-too-large = 案件超过本服务的上限 { $limit } 字节
service-invalid-line = 此行超过本服务的上限 { $limit } 字节
service-unsupported-media-type = 请求体须为 { $expected }，而不是“{ $given }”
service-unreadable-body = 无法读取请求体：{ $detail }
service-invalid-query = 查询参数无效：{ $detail }
service-time-limit = 评估已停止：运行超过时限 { $limit } 毫秒
service-memory-limit = 评估已停止：超出内存上限 { $limit } MiB
service-overloaded = 等待中的请求已达本服务上限，请稍后再试
service-unauthorized = 需要持有者令牌（Bearer token）
service-forbidden = 此操作需要管理令牌
service-component-failed = 组件运行失败：{ $detail }
service-not-found = 没有这个接口：{ $path }

## hall coverage、hall test 与 hall diff 的摘要

coverage-heading = { $policy } 对照 { $dir } 中的 { $count } 个案件
coverage-ok = 完整
coverage-gap = 缺口
coverage-row = 已履行 { $met } 例，已违反 { $breached } 例
coverage-complete = 每条规则都有案件履行、有案件违反
coverage-gaps = { $rules } 条规则中有 { $count } 条未在两个方向都覆盖：{ $gaps }
coverage-never-met = { $rule }从未被履行
coverage-never-breached = { $rule }从未被违反
coverage-never-either = { $rule }既未被履行也未被违反
coverage-refused = 案件被拒收：{ $case }：{ $reason }
test-new = 新增
test-failed = 不符
test-summary = 通过 { $passed } 个，不符 { $failed } 个，新增 { $new } 个（{ $count } 个{ $verb }）
test-updated = 已更新
test-left-new = 已另存为 .snap.new
diff-summary = { $cases } 个案件中有 { $changed } 个发生变化
diff-what-obligation = 义务
diff-what-status = 状态
diff-what-due = 时限
diff-what-last-day = 最后一日
diff-what-warning = 警示
diff-what-violation = 违规
diff-what-penalty = 责任追究
diff-none = （无）
diff-obligation-due = { $status }，时限 { $due }
diff-penalty-rung = { $ladder }：{ $rung }
diff-penalty-person = { $ladder }：由有权机关决定
diff-refused-heading = 仅被一个版本拒收的案件：
diff-refused = { $case }：旧版 { $old } · 新版 { $new }
diff-evaluates = 可评估

## 规则手册（hall doc）

book-title = { $hall } — 规则手册
book-subtitle = 政策版本 { $version } · 规则 { $count } 条 · 由 hall doc 生成
book-text-heading = { $title }：条文与编码
book-col-article = 条款
book-col-text = 原文
book-col-encoded = 编码规则
book-not-encoded = 未编码：{ $reason }
book-not-encoded-silent = 未编码，也未说明理由
book-no-text = 未附条文：用 hall doc --text 给出法规原文，每一条款即与编码它的规则并列。
book-rules = 规则
book-col-rule = 规则
book-col-kind = 种类
book-col-duty = 职责
book-col-by = 责任人
book-no-rules = 本政策没有规则。
book-matters = 事项
book-col-matter = 事项
book-col-type = 类型
book-col-limit = 时限
book-col-materials = 材料
book-no-matters = 本政策没有规定事项。
book-ladders = 责任追究
book-col-ladder = 追究办法
book-col-rungs = 档次（适用条件）
book-no-ladders = 本政策没有规定责任追究办法。
book-repeats = 跨案件的重复
book-col-counts = 计数
book-col-then = 后果
book-no-repeats = 本政策没有跨案件的重复规则。
book-matter-immediate = 即办件
book-matter-promised = 承诺件
book-on-the-spot = 当场办结
book-limit-fixed = { $amount }内
book-limit-same-visit = 当场
book-limit-matter = 在事项的承诺时限内
book-limit-before = 在{ $event }之前
book-after = { $trigger }后
book-after-each = 每次{ $trigger }后
book-deadline = { $after }：{ $duties }，{ $limit }
book-check = 每次{ $events }：{ $parts }
book-stating = 载明{ $fields }
book-in-form = 采用{ $forms }形式
book-forbid = 不得{ $event }
book-forbid-once = { $first }之后不得{ $event }
book-notice = { $received }时所缺的全部材料，以{ $notice }一次性告知，{ $limit }
book-when = 适用于：{ $conditions }
book-if-fact = { $fact }为“{ $value }”
book-if-fact-not = { $fact }不为“{ $value }”
book-if-matter = { $fact }为{ $type }
book-if-event = 发生过{ $event }
book-filter-equals = { $field }为“{ $value }”
book-filter-contains = { $field }含有{ $phrases }
book-filter-above = { $field }超过 { $bound }
book-filter-at-least = { $field }达到 { $bound }
book-filter-below = { $field }低于 { $bound }
book-filter-at-most = { $field }不超过 { $bound }
book-only = 仅当{ $filter }
book-matching = 与{ $field }相符的{ $event }
book-stops = 中止：{ $stop }至{ $resume }期间不计
book-restart = 补正：{ $event }次日起重新计时
book-restart-if = 补正：{ $event }次日起重新计时（须已依规则{ $rule }履行告知）
book-extension = 延期：经{ $approver }批准（{ $approval }），以{ $notice }告知申请人
book-applicant-delay = 因申请人原因（{ $event }）延误的，视为按时办结
book-warn = 届满前 { $warn } 亮黄灯
book-criterion-overdue = 逾期至少 { $amount }
book-criterion-fact = { $fact }为“{ $value }”
book-criterion-repeated = 同一追究办法下违规至少 { $count } 次
book-criterion-person = 由有权机关决定
book-no-rungs = 法规未列档次，由有权机关依其援引的规定决定
book-repeat-counts = 至少 { $count } 个案件有{ $event }
