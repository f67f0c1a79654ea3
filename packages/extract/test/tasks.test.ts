import { describe, expect, it } from 'vitest';
import type { Article } from '@ingest/contracts';
import { extract } from '../src/index';
import { recogniseMarker } from '../src/tasks/markers';
import { newsPage, paras } from './helpers';

function run(title: string, body: string, opts: { lead?: string; lang?: string; after?: string } = {}): Article {
  return extract(newsPage({ title, body, ...opts }), opts.lang === 'en' ? 'https://news.example.com/a' : 'https://bao.example.vn/a');
}
const summary = (a: Article): Array<[number, string, number]> => a.tasks.map((t) => [t.ordinal, t.marker, t.paragraphs]);

describe('recogniseMarker', () => {
  const m = (s: string, heading = false): string | null => recogniseMarker(s, { heading, language: 'vi' })?.marker ?? null;
  it.each([
    ['Thứ nhất, tăng cường kiểm tra', 'Thứ nhất'],
    ['Thứ 2, chú trọng công tác', 'Thứ 2'],
    ['Thứ ba: phối hợp chặt chẽ', 'Thứ ba'],
    ['Thứ mười hai, hoàn thiện thể chế', 'Thứ mười hai'],
    ['Thứ nhất là tăng cường kiểm tra', 'Thứ nhất'],
    ['Một là, kết nối cung cầu', 'Một là'],
    ['Hai là hỗ trợ doanh nghiệp', 'Hai là'],
    ['1. Rà soát toàn bộ', '1.'],
    ['2) Công khai danh sách', '2)'],
    ['(3) Kiểm tra định kỳ', '(3)'],
    ['a) Đối với doanh nghiệp', 'a)'],
    ['II. Nhiệm vụ cụ thể', 'II.'],
    ['Bước 2: Điền tờ khai', 'Bước 2'],
    ['First, the city will', 'First'],
    ['Secondly, we must', 'Secondly'],
    ['First of all: safety', 'First of all'],
    ['Step 3 - pay the fee', 'Step 3'],
    ['- Tăng cường tuần tra', '-'],
    ['• Đẩy mạnh tuyên truyền', '•'],
  ])('%s → %s', (text, marker) => {
    expect(m(text)).toBe(marker);
  });

  it.each([
    'Thứ Hai, ngày 3/1, Bộ Y tế họp',
    'Thứ 2 tuần trước, lực lượng CSGT kiểm tra',
    'thứ Hai vừa qua, giá xăng tăng',
    'Thứ Bảy (8/1), nhiều tuyến phố cấm xe',
    'Thứ sáu, 31/12, hội nghị diễn ra',
    'Thứ 7 này, trời rét',
    'Chiều 31.12, Ban Dân vận tổ chức hội nghị',
    '31.12, Sở Lao động thông báo',
    '31/12: Hà Nội ghi nhận 2.400 ca',
    '1.000 người lao động được hỗ trợ',
    '2022 là năm bản lề',
    '3 - 0 là tỉ số trận đấu',
    'Second-hand cars are cheaper',
    'Firstborn children are',
    'Bí thư thứ nhất Trung ương Đoàn',
  ])('not a marker: %s', (text) => {
    expect(m(text)).toBeNull();
  });

  it('strips the marker and the punctuation after it from the text', () => {
    expect(recogniseMarker('Thứ 2, chú trọng', { heading: false, language: 'vi' })?.rest).toBe('chú trọng');
    expect(recogniseMarker('Step 1: Fill in the form.', { heading: false, language: 'en' })?.rest).toBe('Fill in the form.');
    expect(recogniseMarker('3 – Kiểm tra', { heading: false, language: 'vi' })?.rest).toBe('Kiểm tra');
  });
});

describe('tasks — Vietnamese', () => {
  it('"Một là, Hai là, Ba là" announced by a number word in the title; the closing sentence is not item 3', () => {
    const a = run(
      'Ba giải pháp phục hồi thị trường lao động',
      paras(
        'Bộ Lao động - Thương binh và Xã hội vừa đề xuất các giải pháp để phục hồi thị trường lao động sau dịch.',
        'Một là, tăng cường kết nối cung - cầu lao động thông qua các sàn giao dịch việc làm.',
        'Hai là, hỗ trợ doanh nghiệp đón lao động quay trở lại làm việc.',
        'Ba là, đẩy mạnh đào tạo, đào tạo lại lao động.',
        'Các địa phương được yêu cầu báo cáo kết quả trước ngày 31/3.',
      ),
    );
    expect(a.announcedTaskCount).toBe(3);
    // "Các địa phương được yêu cầu báo cáo…" asks for a report on all three: a new subject, not item 3 going on.
    expect(summary(a)).toEqual([[1, 'Một là', 1], [2, 'Hai là', 1], [3, 'Ba là', 1]]);
    expect(a.tasks[0]!.text).toBe('tăng cường kết nối cung - cầu lao động thông qua các sàn giao dịch việc làm.');
    expect(a.taskWarnings).toEqual([]);
  });

  it('<ol> items announced in the lead-in paragraph', () => {
    const a = run(
      'Thành phố đặt mục tiêu cho năm 2022',
      '<p>Năm 2022, thành phố đặt ra 4 mục tiêu sau:</p><ol><li>Tăng trưởng GRDP đạt 7%.</li><li>Thu ngân sách vượt dự toán.</li><li>Giải ngân 95% vốn đầu tư công.</li><li>Tạo việc làm cho 150.000 lao động.</li></ol><p>Chủ tịch UBND thành phố yêu cầu các sở, ngành triển khai quyết liệt, đồng bộ các giải pháp.</p>',
    );
    expect(a.announcedTaskCount).toBe(4);
    expect(summary(a)).toEqual([[1, '1.', 1], [2, '2.', 1], [3, '3.', 1], [4, '4.', 1]]);
    expect(a.tasks[3]!.text).toBe('Tạo việc làm cho 150.000 lao động.');
    expect(a.blocks.some((b) => b.type === 'list' && b.ordered && b.items.length === 4)).toBe(true);
  });

  it('weekday trap: "Thứ Hai, ngày 3/1" and "Thứ 2 tuần trước" are Mondays, not markers', () => {
    const a = run(
      '3 giải pháp bảo đảm an toàn giao thông dịp Tết',
      '<p>Thứ Hai, ngày 3/1, Bộ Giao thông vận tải họp với các địa phương về an toàn giao thông dịp Tết.</p>' +
        '<h2>3 giải pháp trọng tâm</h2>' +
        paras(
          'Thứ nhất, tăng cường tuần tra, kiểm soát trên các tuyến quốc lộ.',
          'Thứ 2 tuần trước, lực lượng cảnh sát giao thông đã kiểm tra hơn 1.000 phương tiện.',
          'Thứ Hai, ngày 3/1, các tổ công tác liên ngành bắt đầu hoạt động.',
          'Thứ hai, kiểm soát chặt tải trọng xe trên các tuyến đường.',
          'Thứ ba, đẩy mạnh tuyên truyền cho người tham gia giao thông.',
        ),
    );
    expect(a.announcedTaskCount).toBe(3);
    expect(a.taskHeading).toBe('3 giải pháp trọng tâm');
    expect(summary(a)).toEqual([[1, 'Thứ nhất', 3], [2, 'Thứ hai', 1], [3, 'Thứ ba', 1]]);
    expect(a.taskWarnings).toEqual([]);
  });

  it('date and number trap: "31.12", "31/12:", "1.000 người" are not numbered items', () => {
    const a = run(
      '4 nhiệm vụ của ngành lao động năm 2022',
      paras(
        '1. Rà soát, thống kê toàn bộ lao động bị ảnh hưởng bởi dịch.',
        '31.12, Sở Lao động đã gửi báo cáo tổng hợp lên Bộ.',
        '1.000 người lao động đã được hỗ trợ ngay trong tuần đầu.',
        '2. Công khai danh sách người được hỗ trợ.',
        '31/12: Hạn cuối cùng nộp hồ sơ.',
        '3. Kiểm tra việc chi trả.',
        '4. Xử lý nghiêm các sai phạm.',
      ),
    );
    expect(a.announcedTaskCount).toBe(4);
    expect(summary(a)).toEqual([[1, '1.', 3], [2, '2.', 2], [3, '3.', 1], [4, '4.', 1]]);
  });

  it('bold heading markers spanning several paragraphs, ending at the next section', () => {
    const a = run(
      'Hai nhiệm vụ trọng tâm của Công đoàn',
      '<p><strong>1. Chăm lo đời sống đoàn viên</strong></p>' +
        paras('Công đoàn các cấp tổ chức Tết Sum vầy.', 'Hỗ trợ đoàn viên khó khăn về nhà ở.') +
        '<p><strong>2. Phát triển đoàn viên</strong></p>' +
        paras('Phấn đấu kết nạp 1 triệu đoàn viên mới.') +
        '<h2>Kinh phí thực hiện</h2>' +
        paras('Kinh phí được bố trí từ nguồn tài chính công đoàn, theo quy định.'),
    );
    expect(a.announcedTaskCount).toBe(2);
    expect(summary(a)).toEqual([[1, '1.', 3], [2, '1.'.replace('1', '2'), 2]]);
    expect(a.tasks[0]!.text).toBe('Chăm lo đời sống đoàn viên\n\nCông đoàn các cấp tổ chức Tết Sum vầy.\n\nHỗ trợ đoàn viên khó khăn về nhà ở.');
    expect(a.tasks[1]!.text).not.toContain('Kinh phí');
  });

  it('bullets count only under an announced count', () => {
    const body = paras('Hội nghị thống nhất 3 nội dung:', '- Tăng cường kiểm tra.', '- Công khai danh sách.', '- Xử lý vi phạm.', 'Hội nghị kết thúc lúc 17h cùng ngày.');
    const a = run('Hội nghị giao ban tháng 12', body);
    expect(a.announcedTaskCount).toBe(3);
    expect(summary(a)).toEqual([[1, '-', 1], [2, '-', 1], [3, '-', 1]]);
    const b = run('Hội nghị giao ban tháng 12', body.replace('3 nội dung', 'các nội dung'));
    expect(b.tasks).toEqual([]);
  });

  it('<ul> items count under an announced count, not without one', () => {
    const list = '<ul><li>Tăng cường kiểm tra, giám sát.</li><li>Công khai danh sách người được hỗ trợ.</li><li>Xử lý nghiêm vi phạm.</li></ul>';
    const a = run('Hội nghị giao ban tháng 12', '<p>Hội nghị thống nhất ba nội dung:</p>' + list);
    expect(a.announcedTaskCount).toBe(3);
    expect(a.tasks.map((t) => [t.marker, t.text])).toEqual([
      ['•', 'Tăng cường kiểm tra, giám sát.'],
      ['•', 'Công khai danh sách người được hỗ trợ.'],
      ['•', 'Xử lý nghiêm vi phạm.'],
    ]);
    expect(run('Hội nghị giao ban tháng 12', '<p>Hội nghị thống nhất các nội dung:</p>' + list).tasks).toEqual([]);
  });

  it('count mismatch: returns what is found and warns', () => {
    const a = run('5 giải pháp giảm ùn tắc giao thông', paras('Thứ nhất, mở rộng đường.', 'Thứ hai, phát triển xe buýt.', 'Thứ ba, hạn chế xe cá nhân.', 'Thứ tư, xây bãi đỗ xe.'));
    expect(a.announcedTaskCount).toBe(5);
    expect(a.tasks).toHaveLength(4);
    expect(a.taskWarnings).toEqual(['announced 5 tasks but found 4']);
  });

  it('several enumerations: the one matching the announced count wins', () => {
    const a = run(
      'Bộ Y tế nêu 3 giải pháp chống dịch',
      '<p>Quy trình tiêm gồm các bước:</p><ol><li>Khám sàng lọc.</li><li>Tiêm.</li><li>Theo dõi.</li><li>Cấp chứng nhận.</li><li>Cập nhật dữ liệu.</li></ol>' +
        '<h2>3 giải pháp</h2>' +
        paras('Thứ nhất, đẩy nhanh tiêm chủng.', 'Thứ hai, tăng năng lực điều trị.', 'Thứ ba, đảm bảo thuốc men.'),
    );
    expect(a.announcedTaskCount).toBe(3);
    expect(a.taskHeading).toBe('3 giải pháp');
    expect(a.tasks.map((t) => t.marker)).toEqual(['Thứ nhất', 'Thứ hai', 'Thứ ba']);
  });

  it('"Cuối cùng" closes an enumeration as its last item', () => {
    const a = run('Bốn lưu ý khi đi du lịch Tết', paras('Thứ nhất, đặt vé sớm.', 'Thứ hai, mang theo giấy tờ.', 'Thứ ba, theo dõi thời tiết.', 'Cuối cùng, giữ gìn sức khỏe.'));
    expect(a.announcedTaskCount).toBe(4);
    expect(summary(a)).toEqual([[1, 'Thứ nhất', 1], [2, 'Thứ hai', 1], [3, 'Thứ ba', 1], [4, 'Cuối cùng', 1]]);
  });

  it('a box inside the content never joins the last task', () => {
    const a = run(
      '2 nhiệm vụ năm 2022',
      paras('Thứ nhất, làm tốt công tác tuyên truyền.', 'Thứ hai, làm tốt công tác kiểm tra.', 'Việc kiểm tra được thực hiện định kỳ hằng quý.') +
        '<div class="box"><h3>Tin liên quan</h3><ul><li><a href="/x">3 điều cần biết</a></li><li><a href="/y">Thứ Hai, ngày 3/1: tăng giá</a></li></ul></div>',
    );
    expect(summary(a)).toEqual([[1, 'Thứ nhất', 1], [2, 'Thứ hai', 2]]);
    expect(a.body).not.toContain('Tin liên quan');
  });

  it('no enumeration: no tasks and no warnings', () => {
    const a = run('Giá xăng tăng từ chiều nay', paras('Chiều 11/1, liên Bộ Công Thương - Tài chính điều chỉnh giá xăng dầu.', 'Mỗi lít xăng RON 95 tăng 1.000 đồng.'));
    expect(a.tasks).toEqual([]);
    expect(a.announcedTaskCount).toBeNull();
    expect(a.taskWarnings).toEqual([]);
  });

  it('an announced count with nothing enumerated warns', () => {
    const a = run('6 nhiệm vụ trọng tâm năm 2022', paras('Hội nghị đã thông qua các nhiệm vụ trọng tâm, giao các đơn vị triển khai.'));
    expect(a.announcedTaskCount).toBe(6);
    expect(a.tasks).toEqual([]);
    expect(a.taskWarnings).toEqual(['announced 6 tasks but found no numbered items']);
  });
});

describe('tasks — English', () => {
  it('"First, Second, Third" announced as "three priorities", "Finally" closing', () => {
    const a = run(
      'The city names its transport priorities for 2024',
      paras(
        'First, the city will reorganise its bus network around ten frequent routes.',
        'Second, it will build 25 kilometres of protected cycle lanes.',
        'The lanes will connect the main universities.',
        'Third, a single contactless ticket will cover buses and the metro.',
        'Finally, fares for students will be cut by half.',
      ),
      { lang: 'en', lead: 'The transport department has named four priorities for next year, from buses to bikes.' },
    );
    expect(a.language).toBe('en');
    expect(a.announcedTaskCount).toBe(4);
    expect(summary(a)).toEqual([[1, 'First', 1], [2, 'Second', 2], [3, 'Third', 1], [4, 'Finally', 1]]);
    expect(a.tasks[1]!.text).toBe('it will build 25 kilometres of protected cycle lanes.\n\nThe lanes will connect the main universities.');
  });

  it('listicle with <h2>1. …</h2> headings; the "Top 10 most read" box is ignored', () => {
    const a = run(
      '5 steps to a safer commute',
      paras('Commuting can be risky. Here is what experts recommend.') +
        ['Plan your route', 'Check your bike', 'Be visible', 'Keep your distance', 'Stay off the phone']
          .map((h, i) => `<h2>${i + 1}. ${h}</h2>${paras(`Advice number ${i + 1}, explained in one paragraph.`, `A second paragraph for step ${i + 1}.`)}`)
          .join('') +
        '<h2>What the city is doing</h2>' +
        paras('The city is adding new lanes and lights.'),
      { lang: 'en' },
    );
    expect(a.announcedTaskCount).toBe(5);
    expect(summary(a)).toEqual([1, 2, 3, 4, 5].map((n) => [n, `${n}.`, 3]));
    expect(a.tasks[4]!.text).toBe('Stay off the phone\n\nAdvice number 5, explained in one paragraph.\n\nA second paragraph for step 5.');
    expect(a.body).not.toContain('most read');
  });

  it('"Step 1:" markers and an unannounced listicle (most prominent enumeration)', () => {
    const a = run('How to renew a passport online', paras('Step 1: Fill in the online form.', 'Step 2: Upload a photo.', 'Step 3: Pay the fee.'), { lang: 'en' });
    expect(a.announcedTaskCount).toBeNull();
    expect(a.tasks.map((t) => [t.marker, t.text])).toEqual([['Step 1', 'Fill in the online form.'], ['Step 2', 'Upload a photo.'], ['Step 3', 'Pay the fee.']]);
  });
});

describe('tasks — inline enumerations, notes, the last item, the choice', () => {
  const tasksOf = (a: Article): Array<[string, string]> => a.tasks.map((t) => [t.marker, t.text]);

  it.each([
    ['(1) …; (2) …; (3) …', 'Sở yêu cầu các đơn vị: (1) kiểm tra khu điều trị; (2) báo cáo số ca hằng ngày; (3) xử lý nghiêm vi phạm.', ['(1)', '(2)', '(3)']],
    ['1) …; 2) …; and 3) …', 'The committee asked the agency to: 1) hire more inspectors; 2) review every licence; and 3) report back to MPs.', ['1)', '2)', '3)']],
    ['a), b), c)', 'Sở yêu cầu: a) điều chỉnh giờ cấm xe; b) bố trí nhân viên điều tiết; c) công bố phương án phân luồng.', ['a)', 'b)', 'c)']],
    ['first…, second…, and third…', 'My advice: first, check your tariff; second, switch off standby; and third, insulate the loft.', ['first', 'second', 'third']],
    ['thứ nhất…, thứ hai… và thứ ba…', 'Bộ đề ra: thứ nhất, bảo đảm nguồn cung; thứ hai, kiểm tra niêm yết giá và thứ ba, xử lý đầu cơ.', ['thứ nhất', 'thứ hai', 'thứ ba']],
    ['một là…, hai là…, ba là…', 'Tỉnh yêu cầu: một là, rà soát hộ nghèo; hai là, hỗ trợ vốn vay; ba là, đào tạo nghề cho lao động.', ['một là', 'hai là', 'ba là']],
    ['(i) …; (ii) …; (iii) …', 'The bill would (i) cap rents for two years; (ii) ban no-fault evictions; (iii) create a landlord register.', ['(i)', '(ii)', '(iii)']],
  ])('%s inside one paragraph', (_name, paragraph, markers) => {
    const a = run('Tin thời sự trong ngày', paras('Cuộc họp diễn ra sáng nay với đại diện các đơn vị liên quan.', paragraph));
    expect(a.tasks.map((t) => t.marker)).toEqual(markers);
    expect(a.tasks.every((t) => t.paragraphs === 1 && !/[;,]$|\s(?:and|và)$/u.test(t.text))).toBe(true);
  });

  it('inline items run between markers; the last stops at its sentence end and drops a closing attribution', () => {
    const a = run(
      'Ba việc cần làm ngay',
      paras('Bộ yêu cầu các tỉnh: (1) rà soát kho thuốc; (2) duy trì giường dự phòng; (3) cập nhật số liệu hằng tuần, ông Nam cho biết. Cuộc họp kết thúc lúc 11h.'),
    );
    expect(a.announcedTaskCount).toBe(3);
    expect(tasksOf(a)).toEqual([['(1)', 'rà soát kho thuốc'], ['(2)', 'duy trì giường dự phòng'], ['(3)', 'cập nhật số liệu hằng tuần.']]);
  });

  it.each([
    'Giá vàng tăng, thứ nhất vì USD giảm, thứ hai vì nhu cầu cuối năm.',
    'Khoản (1) và (2) của Điều 5 được sửa đổi sau COVID-19) theo phiên bản 3.1) của hướng dẫn.',
    'Kenya was first in the senior race, second in the relay.',
    'The first, second and third prizes cost £1 (about $1.3) each (2024).',
    'Gold: (a) gold, (b) silver, (c) bronze.',
  ])('not an inline enumeration: %s', (paragraph) => {
    expect(run('Tin thời sự trong ngày', paras('Bản tin được cập nhật lúc 10h sáng nay.', paragraph)).tasks).toEqual([]);
  });

  it('a "Nguồn" list of the announced size loses to the article\'s own list', () => {
    const own = paras('1. Kiểm tra công trình cao tầng.', '2. Huấn luyện an toàn cho lao động thời vụ.', '3. Công khai nhà thầu vi phạm.');
    const notes = '<h3>Nguồn</h3><ol><li>Cục An toàn lao động.</li><li>Nghị định 44/2016/NĐ-CP.</li><li>Viện Khoa học an toàn.</li></ol>';
    const a = run('3 giải pháp giảm tai nạn lao động', own + notes);
    expect(a.tasks.map((t) => t.marker)).toEqual(['1.', '2.', '3.']);
    expect(a.tasks[2]!.text).toBe('Công khai nhà thầu vi phạm.');
  });

  it('footnotes answering the reference marks [1]…[3] are not the tasks', () => {
    const a = run(
      'Three steps to cut rough sleeping',
      paras('Rough sleeping rose last year.[1]', '1) Open a winter shelter.[2]', '2) Pay for outreach workers.', '3) Give priority on the housing list.[3]') +
        '<ol><li>Figures from the annual street count.</li><li>The building stood empty.</li><li>The change needs approval.</li></ol>',
      { lang: 'en' },
    );
    expect(a.tasks.map((t) => t.marker)).toEqual(['1)', '2)', '3)']);
    expect(a.tasks[2]!.paragraphs).toBe(1);
  });

  it('the last item keeps a paragraph that goes on with it and ends at a closing news sentence', () => {
    const a = run(
      'Three priorities for flood defences',
      paras(
        'First, the government will rebuild the flood wall.',
        'Second, it will pay for pumps in three villages.',
        'Third, every council will get a flood officer.',
        'Each flood officer will report to the county.',
        'Work on the plan begins in the autumn, the minister said.',
      ),
      { lang: 'en' },
    );
    expect(summary(a)).toEqual([[1, 'First', 1], [2, 'Second', 1], [3, 'Third', 2]]);
    expect(a.tasks[2]!.text).not.toContain('minister');
  });

  it('a closing sentence in the last item\'s own paragraph is cut from it', () => {
    const a = run(
      'Hội nghị giao 3 nhiệm vụ',
      paras('Thứ nhất, tiêm vắc xin cho trẻ.', 'Thứ hai, giám sát ca bệnh hô hấp.', 'Thứ ba, bảo đảm đủ thuốc tại trạm y tế. Hội nghị kết thúc lúc 11h cùng ngày.'),
    );
    expect(a.tasks[2]!.text).toBe('bảo đảm đủ thuốc tại trạm y tế.');
  });

  it('several enumerations, none of the announced size: the warning says which was chosen and why', () => {
    const a = run(
      '5 giải pháp giảm ùn tắc',
      paras('Thứ nhất, mở rộng nút giao.', 'Thứ hai, tăng chuyến xe buýt.', 'Thứ ba, điều chỉnh giờ học.', 'Thứ tư, thu phí ô tô.') +
        '<h3>Cách đăng ký vé tháng</h3><ol><li>Tải ứng dụng.</li><li>Chụp ảnh căn cước.</li><li>Thanh toán.</li></ol>',
    );
    expect(a.taskWarnings).toEqual([
      'announced 5 tasks but found 4',
      'chose 4 paragraphs "Thứ nhất"…"Thứ tư" over 3 list items "1."…"3.": none has the announced 5 items, and its markers are bold or written as words',
    ]);
  });
});
