# hallpolicy 工具的中文消息（hall CLI 的摘要、规则手册、服务的拒绝、推导说明）：不编入组件，
# 只有 hallpolicy-runtime 的 tools 特性（hall CLI 启用）才加载。用语同 ../zh-CN.ftl 与 ../../GLOSSARY.md。

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

## hall serve 写在 stderr 上的行

service-listening = hall serve：正在监听 { $url }
service-hall-line = { "  " }{ $hall } — { $name } { $version }（策略 { $hash }…）
service-open-warning = hall serve：警告：未设 --token-file 却在回环地址以外监听，任何能访问本服务者都可以评估
service-reloaded = hall serve：已重新加载：{ $report }
service-stopping = hall serve：正在停止，待处理中的请求办完
service-log-rotate = hall serve：无法轮转决策日志：{ $reason }
service-log-write = hall serve：无法写入决策日志：{ $reason }

## hall serve 的接口文档（/openapi.json 与 /docs）

api-info = 按政务服务大厅的规则评估案件：义务、违规与时钟，每项都注明所依据的条款。
api-hall-parameter = 大厅的标识：其规则文件名去掉扩展名（`baicheng-004`）。
api-as-of-parameter = 评估的时刻（`2026-05-20T09:00:00+08:00`，或一个日期，表示当日 24:00）；优先于案件自带的 `as_of`。
api-refused-400 = 案件格式有误：给出字段的路径与原因；或查询参数无效。
api-refused-401 = 需要持有者令牌（Bearer token）。
api-refused-404 = 没有这个大厅。
api-refused-413 = 案件超过本服务接受的大小。
api-refused-415 = 请求体不是 JSON。
api-refused-422 = 评估运行超过时限或内存上限；错误中写明是哪一项上限。
api-refused-503 = 等待中的请求已达本服务上限；`Retry-After` 说明何时重试。
api-refused-401-admin = 需要管理令牌。
api-refused-403-admin = 此令牌不是管理令牌，或本服务未设管理令牌。
api-evaluate = 评估一个案件
api-evaluate-200 = 评估结果：义务、违规与时钟，每项都注明所依据的条款；与 `hall eval --format json` 的字节相同。
api-evaluate-batch = 批量评估案件，逐行 JSON 输入输出，双向流式传输
api-evaluate-batch-body = 每行一个案件（JSON lines）；空行跳过。
api-evaluate-batch-200 = 按输入顺序每个案件一行：评估结果，或被拒收案件的 `{"{"}"error": …{"}"}`。
api-list-halls = 本服务提供的大厅
api-list-halls-200 = 本服务提供的每个大厅。
api-describe-hall = 一个大厅的规则：规则、条款、案件结构、版本与哈希
api-describe-hall-200 = 与 `hall describe` 的输出相同：规则及其条款、案件结构、版本、哈希与日历覆盖的年份。
api-reload = 加载已修改的规则；未通过检查的规则被拒绝，原有版本继续服务
api-reload-200 = 哪些已重新加载、哪些未变、哪些被拒绝。
api-healthz = 存活
api-healthz-200 = 进程在应答。
api-readyz = 就绪：规则已加载
api-readyz-200 = 规则已加载。
api-readyz-503 = 没有加载任何规则。
api-metrics = Prometheus 指标
api-metrics-200 = 按大厅与状态码统计的请求数、延迟、被拒收的案件、在用的实例。
api-docs = 本文档，供人阅读的页面
api-docs-200 = 一个 HTML 页面：每个接口与每个结构。
api-openapi = 本文档
api-openapi-200 = OpenAPI 3.1。
docs-machine-readable = 机器可读的形式：{ $link }。
docs-operations = 接口
docs-schemas = 数据结构
docs-parameter = 参数
docs-in = 位置
docs-type = 类型
docs-description = 说明
docs-required = （必填）
docs-body = 请求体：{ $media }，{ $type }
docs-status = 状态码
docs-answer = 应答体
docs-field = 字段
docs-array-of = { $type } 的数组
docs-map-of = 值为 { $type } 的映射
docs-any = 任意

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

## 宿主的限制（hall CLI，以及 Python、JavaScript 宿主的同一措辞）

host-time-limit-range = 时限须在 { $low } 至 { $high } 毫秒之间，而不是 { $given }
host-memory-range = 内存上限须在 { $low } 至 { $high } MiB 之间，而不是 { $given }
host-too-large = 案件超过本宿主的上限 { $limit } 字节
