/**
 * Bodies for the near-duplicate tests, in both languages: an agency text, the same text
 * re-published elsewhere with boilerplate around it, and a different article on the same
 * topic (same vocabulary, different sentences). Written for these tests.
 */
export const viAgency = [
  'Chiều 12/3, Bộ Giao thông vận tải tổ chức hội nghị triển khai kế hoạch đầu tư xây dựng tuyến đường cao tốc Bắc - Nam phía Đông giai đoạn 2026 - 2030.',
  'Theo báo cáo của Ban Quản lý dự án, toàn tuyến dài khoảng 1.200 km, đi qua 20 tỉnh, thành phố, với tổng mức đầu tư dự kiến hơn 300.000 tỷ đồng.',
  'Phát biểu tại hội nghị, Thứ trưởng Nguyễn Văn A yêu cầu các địa phương đẩy nhanh công tác giải phóng mặt bằng, bàn giao đất sạch cho nhà thầu trước ngày 30/6.',
  'Các nhà thầu phải bố trí đủ nhân lực, máy móc, thi công ba ca bốn kíp, bảo đảm chất lượng công trình và an toàn lao động trên công trường.',
  'Bộ cũng đề nghị các tỉnh sớm xác định mỏ vật liệu đất đắp, cát, đá phục vụ dự án, tránh tình trạng khan hiếm vật liệu đẩy giá thành lên cao như giai đoạn trước.',
].join('\n\n');

/** The same agency text on another site: a new headline is not part of the body, but a dateline, a credit and a related-news line are. */
export const viRepublished = [
  'Hà Nội (TTXVN) -',
  viAgency,
  'Theo TTXVN. Xem thêm: Giá vật liệu xây dựng tăng mạnh đầu năm.',
].join('\n\n');

export const viSameTopic = [
  'Sáng 14/3, UBND tỉnh Quảng Ngãi họp bàn tháo gỡ vướng mắc trong giải phóng mặt bằng dự án đường cao tốc Bắc - Nam đoạn qua địa bàn tỉnh.',
  'Nhiều hộ dân chưa đồng thuận với phương án bồi thường vì cho rằng đơn giá đất thấp hơn giá thị trường, khiến tiến độ bàn giao mặt bằng chậm so với kế hoạch.',
  'Chủ tịch UBND tỉnh chỉ đạo các huyện rà soát lại từng trường hợp, công khai phương án tái định cư và đối thoại trực tiếp với người dân trong tháng này.',
  'Tỉnh cũng kiến nghị Bộ Giao thông vận tải hỗ trợ thêm nguồn vốn để xây dựng khu tái định cư trước khi thu hồi đất của các hộ dân.',
].join('\n\n');

export const enAgency = [
  'The central bank raised its benchmark interest rate by a quarter of a percentage point on Wednesday, its third increase this year, as inflation stayed above target for a ninth month.',
  'Policymakers said in a statement that price pressures had broadened from energy and food to services, and that further tightening could be needed if wage growth did not slow.',
  'The decision was widely expected by economists, and markets had priced in the move. The currency rose slightly against the dollar after the announcement, while bond yields fell.',
  'The governor told reporters that the bank would watch housing and consumer credit closely, adding that the economy remained resilient despite higher borrowing costs.',
].join('\n\n');

export const enRepublished = [
  'LONDON (Reuters) -',
  enAgency,
  'Reporting by Jane Smith; editing by John Doe. Our Standards: The Thomson Trust Principles. Read more: Markets wrap.',
].join('\n\n');

export const enSameTopic = [
  'Mortgage lenders began passing on the central bank’s latest interest rate increase to customers on Thursday, with several large banks lifting variable rates within hours.',
  'Consumer groups warned that households already stretched by rising food and energy bills would struggle, and urged lenders to offer longer repayment terms to borrowers in difficulty.',
  'Analysts said the housing market was likely to cool further this spring as buyers delay purchases, although a shortage of homes for sale should keep prices from falling sharply.',
].join('\n\n');
